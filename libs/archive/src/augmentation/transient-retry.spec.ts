import { describe, expect, it } from 'vitest';
import { CmsError, CmsErrorCode } from '@kyso/cms';
import { SigningError, SigningErrorCode } from '@kyso/signing';
import { ArchiveError, ArchiveErrorCode } from '../archive.exception';
import {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  isTransient,
  RetriesExhausted,
  withRetries,
} from './transient-retry';

describe('isTransient', () => {
  it('retries what may go away: no answer, a timeout, HTTP 5xx, 408, 429, a reset connection', () => {
    expect(
      isTransient(new CmsError(CmsErrorCode.TsaUnavailable, { detail: 'no answer within 10000 ms' })),
    ).toBe(true);
    expect(isTransient(new CmsError(CmsErrorCode.TsaUnavailable, { status: 503 }))).toBe(true);
    expect(isTransient(new CmsError(CmsErrorCode.OcspUnavailable, { status: 502 }))).toBe(true);
    expect(isTransient(new CmsError(CmsErrorCode.TsaUnavailable, { status: 429 }))).toBe(true);
    expect(isTransient(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(true);
    expect(
      isTransient(
        new Error('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) }),
      ),
    ).toBe(true);
  });

  it('retries incomplete validation data only when every missing item had a responder that did not answer', () => {
    const incomplete = (...perItem: unknown[][]) =>
      new SigningError(
        SigningErrorCode.REVOCATION_UNKNOWN,
        'validation data incomplete',
        { missing: perItem.map((_, i) => `item ${i}`) },
        { cause: new AggregateError(perItem.map((c) => new AggregateError(c))) },
      );
    const timeout = new CmsError(CmsErrorCode.OcspUnavailable, { detail: 'no answer within 10000 ms' });
    const notFound = new CmsError(CmsErrorCode.CrlUnavailable, { status: 404 });
    expect(isTransient(incomplete([timeout]))).toBe(true);
    expect(isTransient(incomplete([notFound, timeout]))).toBe(true);
    expect(isTransient(incomplete([timeout], []))).toBe(false); // an issuer no service can give
    expect(isTransient(incomplete([notFound]))).toBe(false);
    expect(
      isTransient(
        new SigningError(SigningErrorCode.REVOCATION_UNKNOWN, 'no OCSP or CRL URL', { missing: ['x'] }),
      ),
    ).toBe(false);
  });

  it('fails at once what will fail again: a refusal, a rejection, a corrupt file, an unknown error', () => {
    expect(isTransient(new CmsError(CmsErrorCode.TsaUnavailable, { status: 400 }))).toBe(false);
    expect(isTransient(new CmsError(CmsErrorCode.TsaRejected))).toBe(false);
    expect(isTransient(new ArchiveError(ArchiveErrorCode.BLOB_CORRUPT))).toBe(false);
    expect(isTransient(new Error('extension produced no document timestamp'))).toBe(false);
  });
});

describe('withRetries', () => {
  const pauses: number[] = [];
  const policy = {
    ...DEFAULT_RETRY_POLICY,
    sleep: async (ms: number) => void pauses.push(ms),
    random: () => 1,
  };

  it('retries a transient failure with growing pauses and returns the first success', async () => {
    pauses.length = 0;
    let calls = 0;
    const result = await withRetries(async (attempt) => {
      calls++;
      if (attempt < 3) throw new CmsError(CmsErrorCode.TsaUnavailable, { status: 503 });
      return 'stamped';
    }, policy);
    expect(result).toBe('stamped');
    expect(calls).toBe(3);
    expect(pauses).toEqual([500, 1000]);
  });

  it('gives up after the bounded attempts, saying so, and never retries a permanent failure', async () => {
    pauses.length = 0;
    let calls = 0;
    const down = withRetries(async () => {
      calls++;
      throw new CmsError(CmsErrorCode.TsaUnavailable, { status: 503 });
    }, policy);
    await expect(down).rejects.toBeInstanceOf(RetriesExhausted);
    await expect(down).rejects.toMatchObject({ attempts: 4 });
    expect(calls).toBe(4);
    calls = 0;
    await expect(
      withRetries(async () => {
        calls++;
        throw new CmsError(CmsErrorCode.TsaRejected);
      }, policy),
    ).rejects.toMatchObject({ code: CmsErrorCode.TsaRejected });
    expect(calls).toBe(1);
  });

  it('jitters each pause over the upper half of its capped exponential ceiling', () => {
    const p = { ...DEFAULT_RETRY_POLICY, random: () => 0 };
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, p))).toEqual([250, 500, 1000, 2000, 4000, 4000]);
    expect(backoffDelay(6, { ...p, random: () => 1 })).toBe(8000);
  });
});
