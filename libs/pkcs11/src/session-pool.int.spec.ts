import { constants, verify } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSoftHsmFixture, type SoftHsmFixture } from '../testing/softhsm-fixture';
import { measureRawSignRate } from './bench-raw-sign';
import { Pkcs11Module } from './pkcs11-module';
import { Pkcs11Error, Pkcs11ErrorCode } from './pkcs11.error';
import type { SessionPool } from './session-pool';
import type { TokenKey } from './token-objects';

const PIN = '580263';

describe('SessionPool against SoftHSM2', () => {
  let fixture: SoftHsmFixture;
  let module: Pkcs11Module;
  let pool: SessionPool;
  let rsa: TokenKey;
  let ec: TokenKey;

  beforeAll(async () => {
    fixture = createSoftHsmFixture('hsm', PIN);
    module = Pkcs11Module.load(fixture.modulePath);
    pool = await module.openPool({ label: 'hsm' }, PIN, { size: 4 });
    rsa = await pool.findKey({ label: 'k-rsa' });
    ec = await pool.findKey({ label: 'k-ec' });
  });

  afterAll(async () => {
    await pool?.close();
    await module?.close();
    fixture?.cleanup();
  });

  it('finishes 200 concurrent signatures, all of which verify', async () => {
    const rsaPublic = await pool.exportPublicKey(rsa);
    const ecPublic = await pool.exportPublicKey(ec);
    const requests = Array.from({ length: 200 }, (_, i) => {
      const data = Buffer.from(`signed attributes #${i}`);
      const scheme = (['pkcs1', 'pss', 'ecdsa'] as const)[i % 3];
      const key = scheme === 'ecdsa' ? ec : rsa;
      return pool
        .signDigest(key, { hash: 'sha256', scheme }, data)
        .then((signature) => ({ data, scheme, signature }));
    });
    expect(pool.queued).toBeGreaterThan(0);
    const results = await Promise.all(requests);
    for (const { data, scheme, signature } of results) {
      const ok =
        scheme === 'ecdsa'
          ? verify('sha256', data, ecPublic, signature)
          : scheme === 'pss'
            ? verify(
                'sha256',
                data,
                { key: rsaPublic, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
                signature,
              )
            : verify('sha256', data, rsaPublic, signature);
      expect(ok).toBe(true);
    }
    expect(pool.idleSessions).toBe(4);
    expect(pool.queued).toBe(0);
  });

  it('keeps the event loop responsive during a burst of RSA signatures', async () => {
    let ticks = 0;
    let last = performance.now();
    let longestGap = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
      ticks++;
    }, 2);
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 600 }, (_, i) => pool.sign(rsa, 'RSA_PKCS_SHA256', Buffer.from(`burst ${i}`))),
    );
    const elapsed = performance.now() - started;
    clearInterval(timer);
    // Synchronous C_Sign would stall the timer for the whole burst (hundreds of ms, no tick at all).
    // The bounds leave room for a loaded CI machine running other test files in parallel.
    expect(elapsed).toBeGreaterThan(150);
    expect(longestGap).toBeLessThan(150);
    expect(ticks).toBeGreaterThan(elapsed / 20);
  });

  it('bounds the queue and fails the excess with POOL_QUEUE_FULL', async () => {
    const small = await module.openPool({ label: 'hsm' }, PIN, { size: 1, maxQueue: 2 });
    try {
      const attempts = Array.from({ length: 5 }, (_, i) =>
        small.sign(rsa, 'RSA_PKCS_SHA256', Buffer.from(`q${i}`)).then(
          () => 'signed',
          (error: unknown) => (error instanceof Pkcs11Error ? error.code : 'other'),
        ),
      );
      const outcomes = await Promise.all(attempts);
      expect(outcomes.filter((outcome) => outcome === 'signed')).toHaveLength(3);
      expect(outcomes.filter((outcome) => outcome === Pkcs11ErrorCode.POOL_QUEUE_FULL)).toHaveLength(2);
    } finally {
      await small.close();
    }
  });

  it('rejects queued requests when closed', async () => {
    const closing = await module.openPool({ label: 'hsm' }, PIN, { size: 1 });
    const running = closing.sign(rsa, 'RSA_PKCS_SHA256', Buffer.from('running'));
    const waiting = closing
      .sign(rsa, 'RSA_PKCS_SHA256', Buffer.from('waiting'))
      .catch((error: unknown) => error);
    await closing.close();
    await expect(running).resolves.toHaveLength(256);
    expect(((await waiting) as Pkcs11Error).code).toBe(Pkcs11ErrorCode.SESSION_CLOSED);
  });

  it('never shows the PIN when inspected', () => {
    const texts = [
      inspect(pool, { depth: 10 }),
      inspect(pool, { depth: 10, customInspect: false }),
      JSON.stringify(pool),
    ];
    for (const text of texts) expect(text).not.toContain(PIN);
  });

  it('measures the raw C_Sign rate for the benchmark baseline', async () => {
    const rate = await measureRawSignRate({
      module,
      tokenLabel: 'hsm',
      pin: PIN,
      keyLabel: 'k-rsa',
      sessions: 2,
      seconds: 0.3,
    });
    expect(rate.signatures).toBeGreaterThan(0);
    expect(rate.signaturesPerSecond).toBeCloseTo(rate.signatures / rate.elapsedSeconds, 6);
  });
});
