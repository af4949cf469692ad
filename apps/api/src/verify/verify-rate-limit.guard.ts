import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { KysoError } from '@kyso/common';

export interface RateLimitSettings {
  /** Requests a client may make in a burst. */
  readonly capacity: number;
  /** Requests regained per second. */
  readonly refillPerSecond: number;
  /** Clients remembered at once; the least recently seen are forgotten first. */
  readonly maxClients: number;
}

export const VERIFY_RATE_LIMIT = Symbol('kyso.verifyRateLimit');

/** 20 validations a minute per address, bursts of 10: enough for a person, not for a scraper. */
export const DEFAULT_VERIFY_RATE_LIMIT: RateLimitSettings = {
  capacity: 10,
  refillPerSecond: 20 / 60,
  maxClients: 10_000,
};

/**
 * Per-IP token bucket for the public, unauthenticated verification endpoint. In memory: each API process
 * limits on its own, which bounds the CPU an anonymous client can take from that process.
 */
@Injectable()
export class VerifyRateLimitGuard implements CanActivate {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(@Inject(VERIFY_RATE_LIMIT) private readonly settings: RateLimitSettings) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const key = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const now = Date.now();
    const { capacity, refillPerSecond } = this.settings;
    const bucket = this.buckets.get(key) ?? { tokens: capacity, at: now };
    this.buckets.delete(key); // re-inserted below: Map order is least recently seen first
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * refillPerSecond);
    bucket.at = now;
    if (this.buckets.size >= this.settings.maxClients)
      this.buckets.delete(this.buckets.keys().next().value as string);
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) {
      const retryAfter = Math.ceil((1 - bucket.tokens) / refillPerSecond);
      http.getResponse<Response>().setHeader('Retry-After', String(retryAfter));
      throw new KysoError(
        'VERIFY_RATE_LIMITED',
        'rate-limited',
        `Too many verification requests; retry in ${retryAfter} s`,
        `Quá nhiều yêu cầu kiểm tra chữ ký; vui lòng thử lại sau ${retryAfter} giây`,
        { retryAfterSeconds: retryAfter },
      );
    }
    bucket.tokens -= 1;
    return true;
  }
}
