import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { DataSource, EntityManager } from 'typeorm';
import { KysoError } from '@kyso/common';
import { canonicalJson } from '@kyso/documents';
import { inTransaction, isUniqueViolation, rows, sql, type TransactionRunner } from '@kyso/database';
import { type Actor } from '@kyso/org';
import { CLOCK, DATA_SOURCE } from '../core/tokens';
import type { Clock } from '../core/clock';

const KEY = /^[\x21-\x7e]{1,200}$/;

/** How long an answer is kept for replay: retries come within minutes; a day covers a client that was offline. */
export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;
/** Expired keys are deleted at most this often per process, by whichever request comes along. */
const PURGE_EVERY_MS = 10 * 60 * 1000;

export interface IdempotentRequest {
  actor: Actor;
  req: Request;
  res: Response;
  /** What makes two requests "the same": the body and, for uploads, the file's SHA-256. */
  fingerprint: unknown;
  /** Status of a successful answer (replayed as it was). */
  status?: number;
}

interface StoredAnswer {
  request_hash: string;
  status_code: number | null;
  response_body: string | null;
}

/** Thrown inside the transaction to leave it (rolled back) with an answer an earlier attempt stored. */
class Replay {
  constructor(readonly answer: StoredAnswer) {}
}

/**
 * `Idempotency-Key` for creating endpoints. The key and the answer are written in the same transaction as what the
 * request creates, so a retried request (network drop, double click, client restart) replays the first answer and
 * never creates twice — even when the process that handled the first attempt died before answering. The same key
 * with a different request is refused (409). Keys are scoped to the user and the path.
 */
@Injectable()
export class IdempotencyService {
  private lastPurge = Number.NEGATIVE_INFINITY;

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Calls `call` with a transaction runner that records (or replays) the answer; without a key, with none. */
  async run<T>(
    request: IdempotentRequest,
    call: (runner: TransactionRunner | undefined) => Promise<T>,
  ): Promise<T> {
    const key = request.req.header('idempotency-key');
    if (key === undefined) return call(undefined);
    await this.purgeExpired();
    if (!KEY.test(key)) {
      throw new KysoError(
        'IDEMPOTENCY_KEY_INVALID',
        'invalid-input',
        'Idempotency-Key must be 1-200 printable ASCII characters',
        'Idempotency-Key phải gồm 1-200 ký tự ASCII in được',
      );
    }
    const path = request.req.originalUrl.split('?')[0];
    const rawScope = `${request.actor.userId}:${request.req.method} ${path}`;
    const scope =
      rawScope.length <= 120
        ? rawScope
        : `${request.actor.userId}:${createHash('sha256').update(rawScope).digest('hex').slice(0, 64)}`;
    const hash = createHash('sha256')
      .update(canonicalJson({ method: request.req.method, path, body: request.fingerprint }))
      .digest('hex');
    const status = request.status ?? 201;

    // The common retry: answer from the stored record without doing the work again.
    const earlier = await inTransaction(this.ds, (em) => this.find(em, scope, key));
    if (earlier) return this.replay<T>(earlier, hash, request, status);

    const runner: TransactionRunner = async <R>(work: (em: EntityManager) => Promise<R>): Promise<R> => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await inTransaction(this.ds, async (em) => {
            const stored = await this.find(em, scope, key);
            if (stored) throw new Replay(stored);
            const result = await work(em);
            await rows(
              em,
              sql(
                em,
              )`INSERT INTO idempotency_keys (scope, key, request_hash, status_code, response_body, created_at)
                      VALUES (${scope}, ${key}, ${hash}, ${status}, ${JSON.stringify(result)}, ${this.clock.now().toISOString()})`,
            );
            return result;
          });
        } catch (err) {
          // A concurrent request with the same key committed first: go round again to replay its answer.
          if (attempt < 3 && isUniqueViolation(err)) continue;
          throw err;
        }
      }
    };
    try {
      return await call(runner);
    } catch (err) {
      if (err instanceof Replay) return this.replay<T>(err.answer, hash, request, status);
      throw err;
    }
  }

  /**
   * Deletes answers older than {@link IDEMPOTENCY_RETENTION_MS} (keys are unique per user and path, so the table
   * would otherwise grow with every keyed request forever). Runs at most every 10 minutes; created_at is a
   * fixed-width UTC string, so the comparison is a string comparison on both databases.
   */
  async purgeExpired(): Promise<number> {
    const now = this.clock.now().getTime();
    if (now - this.lastPurge < PURGE_EVERY_MS) return 0;
    this.lastPurge = now;
    const cutoff = new Date(now - IDEMPOTENCY_RETENTION_MS).toISOString();
    const deleted = await inTransaction(this.ds, (em) =>
      rows<{ key: string }>(
        em,
        sql(em)`DELETE FROM idempotency_keys WHERE created_at < ${cutoff} RETURNING key`,
      ),
    );
    return deleted.length;
  }

  private replay<T>(answer: StoredAnswer, hash: string, request: IdempotentRequest, status: number): T {
    if (answer.request_hash !== hash) {
      throw new KysoError(
        'IDEMPOTENCY_KEY_REUSED',
        'conflict',
        'This Idempotency-Key was already used for a different request',
        'Idempotency-Key này đã được dùng cho một yêu cầu khác',
      );
    }
    request.res.status(Number(answer.status_code ?? status));
    request.res.setHeader('Idempotent-Replayed', 'true');
    return JSON.parse(answer.response_body ?? 'null') as T;
  }

  private async find(em: EntityManager, scope: string, key: string): Promise<StoredAnswer | undefined> {
    const found = await rows<StoredAnswer>(
      em,
      sql(
        em,
      )`SELECT request_hash, status_code, response_body FROM idempotency_keys WHERE scope = ${scope} AND key = ${key}`,
    );
    return found[0];
  }
}
