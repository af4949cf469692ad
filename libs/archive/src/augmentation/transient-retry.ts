import { KysoError } from '@kyso/common';

/** How a document's augmentation is retried after a transient failure (TSA/OCSP timeout, reset, HTTP 5xx). */
export interface RetryPolicy {
  /** Attempts in all, the first included (default 4). */
  attempts: number;
  /** Pause before the second attempt; doubled for each further one (default 500 ms). */
  baseDelayMs: number;
  /** No pause is longer (default 8 s). */
  maxDelayMs: number;
  /** Test seams: the pause and the jitter's randomness. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 8_000 };

/** Network failures of Node and undici that say "try again", not "this will never work". */
const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/**
 * Whether a failure may go away by itself: a kyso error of kind `unavailable` (a service that did not answer, timed
 * out or answered an HTTP error) unless it carries an HTTP status below 500 other than 408 and 429 (a request the
 * service refuses will be refused again), or a network error code — on the error or anywhere in its causes. A
 * rejected request, a corrupt file or an unsigned document is permanent. Incomplete validation data (OCSP/CRL) is
 * transient when, for every certificate whose revocation data is missing, one of the services asked did not answer.
 */
export function isTransient(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof KysoError) {
      if (e.kind !== 'unavailable') return false;
      const status = e.details?.status;
      if (typeof status === 'number') return status >= 500 || status === 408 || status === 429;
      // Validation data incomplete: transient only if every missing item had a service that did not answer.
      if (e.cause instanceof AggregateError)
        return (
          e.cause.errors.length > 0 &&
          e.cause.errors.every((item) =>
            item instanceof AggregateError ? item.errors.some(isTransient) : isTransient(item),
          )
        );
      return !Array.isArray(e.details?.missing);
    }
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && TRANSIENT_NETWORK_CODES.has(code)) return true;
  }
  return false;
}

/** The pause before attempt `attempt + 1`: exponential, capped, with full jitter over its upper half. */
export function backoffDelay(attempt: number, policy: RetryPolicy): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const random = policy.random ?? Math.random;
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** A failure that outlived its retries: the last error, and how many attempts were made. */
export class RetriesExhausted extends Error {
  constructor(
    readonly last: unknown,
    readonly attempts: number,
  ) {
    super((last as Error)?.message ?? String(last), { cause: last });
  }
}

/**
 * Runs `work`, again after a pause while it fails transiently, at most `policy.attempts` times. A permanent failure
 * is thrown at once; the last transient one is thrown wrapped in RetriesExhausted (to say it was retried).
 */
export async function withRetries<T>(
  work: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  signal?: AbortSignal,
): Promise<T> {
  const sleep = policy.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await work(attempt);
    } catch (err) {
      if (!isTransient(err)) throw err;
      if (attempt >= policy.attempts) throw new RetriesExhausted(err, attempt);
      signal?.throwIfAborted();
      await sleep(backoffDelay(attempt, policy));
    }
  }
}
