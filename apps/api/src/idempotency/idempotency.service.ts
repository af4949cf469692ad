import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, type OnApplicationShutdown, Optional } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { DataSource, EntityManager } from 'typeorm';
import { KysoError } from '@kyso/common';
import { canonicalJson } from '@kyso/documents';
import {
  inTransaction,
  openPresence,
  type Presence,
  rows,
  sql,
  type TransactionRunner,
} from '@kyso/database';
import { type Actor } from '@kyso/org';
import { CLOCK, DATA_SOURCE } from '../core/tokens';
import type { Clock } from '../core/clock';

const KEY = /^[\x21-\x7e]{1,200}$/;

/** How long an answer is kept for replay: retries come within minutes; a day covers a client that was offline. */
export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;
/** Expired keys are deleted at most this often per process, by whichever request comes along. */
const PURGE_EVERY_MS = 10 * 60 * 1000;

export interface IdempotencyLimits {
  /** How long a retry waits for the attempt that holds its key before answering 409 IDEMPOTENCY_IN_PROGRESS. */
  waitMs: number;
  /** A claim older than this is abandoned even though its process lives (a request hung on a dead service). */
  claimMaxMs: number;
  /** The `Retry-After` of a 409 IDEMPOTENCY_IN_PROGRESS, in seconds. */
  retryAfterSeconds: number;
}

export const DEFAULT_IDEMPOTENCY_LIMITS: IdempotencyLimits = {
  waitMs: 10_000,
  claimMaxMs: 5 * 60_000,
  retryAfterSeconds: 5,
};

/** Optional provider of other limits (tests shorten the wait). */
export const IDEMPOTENCY_LIMITS = Symbol('kyso.idempotencyLimits');

export interface IdempotentRequest {
  actor: Actor;
  req: Request;
  res: Response;
  /** What makes two requests "the same": the body and, for uploads, the file's SHA-256. */
  fingerprint: unknown;
  /** Status of a successful answer (replayed as it was). */
  status?: number;
}

/** One keyed request: where its row is, what it must match, and how it answers. */
interface Keyed {
  scope: string;
  key: string;
  hash: string;
  status: number;
  res: Response;
}

/** A row of idempotency_keys: an answer (status_code set), or a claim held by an attempt still at work. */
interface KeyRow {
  request_hash: string;
  status_code: number | null;
  response_body: string | null;
  claim_id: string | null;
  claimed_by: number | null;
  created_at: string;
}

/**
 * `Idempotency-Key` for creating endpoints. Keys are scoped to the user and the path; the same key with a different
 * request is refused (409 IDEMPOTENCY_KEY_REUSED). In the order the code runs:
 * 1. Claim: a row with no answer is inserted in its own committed statement before the work starts, naming this
 *    attempt (claim_id) and this process (claimed_by, see `openPresence`).
 * 2. A retry that finds an answer replays it (status and body as first sent, `Idempotent-Replayed: true`). One that
 *    finds a claim waits for it with a bounded poll, then replays the answer — or, if the claim is still held, answers
 *    409 IDEMPOTENCY_IN_PROGRESS with `Retry-After`: never a domain error caused by its own first attempt. A claim
 *    whose process is gone, or older than `claimMaxMs`, is abandoned: the retry takes it over and does the work.
 * 3. The answer is stored in the same transaction as what the request creates, on the condition that this attempt
 *    still holds the claim; an attempt whose claim was taken over is rolled back (and answers 409). So a request
 *    creates once even when the process of the first attempt died before answering.
 * 4. An attempt that fails gives its claim back (errors are not replayed: a retry runs again).
 */
@Injectable()
export class IdempotencyService implements OnApplicationShutdown {
  private lastPurge = Number.NEGATIVE_INFINITY;
  private presenceOpening?: Promise<Presence>;

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional()
    @Inject(IDEMPOTENCY_LIMITS)
    private readonly limits: IdempotencyLimits = DEFAULT_IDEMPOTENCY_LIMITS,
  ) {}

  /** Calls `call` with a transaction runner that records the answer; replays instead when one is stored. */
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
    const keyed = this.identify(request, key);
    const claim = await this.claim(keyed);
    if ('answer' in claim) return this.replay<T>(claim.answer, keyed);

    let answered = false;
    const runner: TransactionRunner = async <R>(work: (em: EntityManager) => Promise<R>): Promise<R> => {
      const result = await inTransaction(this.ds, async (em) => {
        const created = await work(em);
        await this.storeAnswer(em, keyed, claim.claimId, created);
        return created;
      });
      answered = true;
      return result;
    };
    try {
      return await call(runner);
    } finally {
      // A failed attempt's claim would otherwise hold retries off until it is abandoned; if giving it back fails
      // too, it is abandoned when this process ends or after claimMaxMs.
      if (!answered) await this.release(keyed, claim.claimId).catch(() => undefined);
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

  async onApplicationShutdown(): Promise<void> {
    const opening = this.presenceOpening;
    this.presenceOpening = undefined;
    if (opening) await (await opening.catch(() => undefined))?.close();
  }

  private identify(request: IdempotentRequest, key: string): Keyed {
    const path = request.req.originalUrl.split('?')[0];
    const rawScope = `${request.actor.userId}:${request.req.method} ${path}`;
    const scope =
      rawScope.length <= 120
        ? rawScope
        : `${request.actor.userId}:${createHash('sha256').update(rawScope).digest('hex').slice(0, 64)}`;
    const hash = createHash('sha256')
      .update(canonicalJson({ method: request.req.method, path, body: request.fingerprint }))
      .digest('hex');
    return { scope, key, hash, status: request.status ?? 201, res: request.res };
  }

  /** Step 1 and 2: this attempt's claim, or the answer an earlier attempt stored (waiting for it if need be). */
  private async claim(k: Keyed): Promise<{ claimId: string } | { answer: KeyRow }> {
    const deadline = Date.now() + this.limits.waitMs;
    for (let pause = 50; ; pause = Math.min(pause * 2, 500)) {
      const presence = await this.presence();
      const claimId = randomUUID();
      const now = this.clock.now().toISOString();
      const inserted = await inTransaction(this.ds, (em) =>
        rows(
          em,
          sql(em)`INSERT INTO idempotency_keys
                    (scope, key, request_hash, status_code, response_body, created_at, claim_id, claimed_by)
                  VALUES (${k.scope}, ${k.key}, ${k.hash}, NULL, NULL, ${now}, ${claimId}, ${presence.id})
                  ON CONFLICT (scope, key) DO NOTHING RETURNING key`,
        ),
      );
      if (inserted.length) return { claimId };
      const held = await inTransaction(this.ds, (em) => this.find(em, k));
      if (!held) continue; // given back or purged in between: claim it again
      if (held.request_hash !== k.hash) throw reused();
      if (held.status_code !== null) return { answer: held };
      if (await this.abandoned(held, presence)) {
        if (await this.takeOver(k, held, claimId, presence.id)) return { claimId };
        continue; // someone else took it over, or it was answered: look again
      }
      if (Date.now() + pause > deadline) throw this.inProgress(k);
      await sleep(pause);
    }
  }

  private async abandoned(held: KeyRow, presence: Presence): Promise<boolean> {
    const age = this.clock.now().getTime() - Date.parse(held.created_at);
    if (held.claimed_by === null || age > this.limits.claimMaxMs) return true;
    return !(await presence.isAlive(Number(held.claimed_by)));
  }

  /** Compare-and-set on the claim id: of several retries finding the same abandoned claim, one gets it. */
  private async takeOver(k: Keyed, held: KeyRow, claimId: string, processId: number): Promise<boolean> {
    const now = this.clock.now().toISOString();
    const taken = await inTransaction(this.ds, (em) =>
      rows(
        em,
        sql(
          em,
        )`UPDATE idempotency_keys SET claim_id = ${claimId}, claimed_by = ${processId}, created_at = ${now}
                 WHERE scope = ${k.scope} AND key = ${k.key} AND claim_id = ${held.claim_id} AND status_code IS NULL
                 RETURNING key`,
      ),
    );
    return taken.length === 1;
  }

  /** Step 3, inside the work's transaction: the answer replaces the claim, if this attempt still holds it. */
  private async storeAnswer(em: EntityManager, k: Keyed, claimId: string, result: unknown): Promise<void> {
    const now = this.clock.now().toISOString();
    const stored = await rows(
      em,
      sql(em)`UPDATE idempotency_keys
                 SET status_code = ${k.status}, response_body = ${JSON.stringify(result)}, created_at = ${now}
               WHERE scope = ${k.scope} AND key = ${k.key} AND claim_id = ${claimId} AND status_code IS NULL
               RETURNING key`,
    );
    if (stored.length !== 1) throw this.inProgress(k); // taken over as abandoned: the other attempt answers
  }

  private async release(k: Keyed, claimId: string): Promise<void> {
    await inTransaction(this.ds, (em) =>
      rows(
        em,
        sql(em)`DELETE FROM idempotency_keys
                 WHERE scope = ${k.scope} AND key = ${k.key} AND claim_id = ${claimId} AND status_code IS NULL
                 RETURNING key`,
      ),
    );
  }

  private presence(): Promise<Presence> {
    this.presenceOpening ??= openPresence(this.ds).catch((err: unknown) => {
      this.presenceOpening = undefined;
      throw err;
    });
    return this.presenceOpening;
  }

  private inProgress(k: Keyed): KysoError {
    const seconds = this.limits.retryAfterSeconds;
    k.res.setHeader('Retry-After', String(seconds));
    return new KysoError(
      'IDEMPOTENCY_IN_PROGRESS',
      'conflict',
      `A request with this Idempotency-Key is still being processed; retry in ${seconds} s to get its answer`,
      `Yêu cầu với Idempotency-Key này đang được xử lý; vui lòng thử lại sau ${seconds} giây để nhận kết quả`,
      { retryAfterSeconds: seconds },
    );
  }

  private replay<T>(answer: KeyRow, k: Keyed): T {
    k.res.status(Number(answer.status_code ?? k.status));
    k.res.setHeader('Idempotent-Replayed', 'true');
    return JSON.parse(answer.response_body ?? 'null') as T;
  }

  private async find(em: EntityManager, k: Keyed): Promise<KeyRow | undefined> {
    const found = await rows<KeyRow>(
      em,
      sql(em)`SELECT request_hash, status_code, response_body, claim_id, claimed_by, created_at
                FROM idempotency_keys WHERE scope = ${k.scope} AND key = ${k.key}`,
    );
    return found[0];
  }
}

function reused(): KysoError {
  return new KysoError(
    'IDEMPOTENCY_KEY_REUSED',
    'conflict',
    'This Idempotency-Key was already used for a different request',
    'Idempotency-Key này đã được dùng cho một yêu cầu khác',
  );
}
