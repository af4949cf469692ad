import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';

import { isItemError } from './errors';
import { nativeCore } from './index';
import { CORES } from '../testing/test-cores';
import type { VerifyItem } from './types';

const MiB = 1 << 20;

/** Runs `work` while a 5 ms interval timer counts how often, and how late, it fires. */
async function timerDuring(
  work: () => Promise<unknown>,
): Promise<{ ticks: number; maxGapMs: number; elapsedMs: number }> {
  let ticks = 0;
  let last = performance.now();
  let maxGapMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGapMs = Math.max(maxGapMs, now - last);
    last = now;
    ticks += 1;
  }, 5);
  const started = performance.now();
  await work();
  const elapsedMs = performance.now() - started;
  clearInterval(timer);
  maxGapMs = Math.max(maxGapMs, performance.now() - last);
  return { ticks, maxGapMs, elapsedMs };
}

describe.each(CORES)('the event loop during a large batch (%s core)', (_name, core) => {
  it('keeps firing timers while 512 MiB are hashed', async () => {
    const chunk = Buffer.alloc(4 * MiB, 0x5a);
    const inputs = Array.from({ length: 128 }, () => chunk);
    let results: unknown[] = [];
    const { ticks, maxGapMs, elapsedMs } = await timerDuring(async () => {
      results = await core().hashBatch(inputs, 'sha256');
    });
    expect(results).toHaveLength(128);
    // The batch must be long enough for the measurement to mean something…
    expect(elapsedMs).toBeGreaterThan(100);
    // …and the timer must keep running through it, never stalled for long.
    expect(ticks).toBeGreaterThanOrEqual(Math.floor(elapsedMs / 50));
    expect(maxGapMs).toBeLessThan(100);
  });
});

describe('a 100,000-item batch (native core)', () => {
  // Collect JS garbage before each reading so that RSS reflects what is still held, not what the
  // collector has not reached yet.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const rssMiB = (): number => {
    gc();
    return process.memoryUsage.rss() / MiB;
  };

  it('hashes 100,000 buffers without growing memory beyond the digests', async () => {
    const inputs = Array.from({ length: 100_000 }, (_, i) => Buffer.from(`document ${i} `.repeat(8)));
    const core = nativeCore();
    await core.hashBatch(inputs.slice(0, 1000), 'sha256'); // warm up threads and code
    const before = rssMiB();
    const results = await core.hashBatch(inputs, 'sha256');
    const afterFirst = rssMiB();
    expect(results).toHaveLength(100_000);
    expect(results[99_999]).toEqual(createHash('sha256').update(inputs[99_999]).digest());
    // 3.2 MB of digests plus their Buffer views; the bound leaves room for allocator slack.
    expect(afterFirst - before).toBeLessThan(100);

    // The malloc arenas of the pool threads grow over the first batches and then stay; after that,
    // a batch that leaked its pins (100,000 references) or its digests would add several MB each.
    const rssAfter: number[] = [];
    for (let round = 1; round <= 8; round += 1) {
      await core.hashBatch(inputs, 'sha256');
      rssAfter[round] = rssMiB();
    }
    expect(rssAfter[8] - rssAfter[4]).toBeLessThan(8);
  });

  it('verifies 100,000 signatures with bounded memory', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    const messages = [Buffer.from('a'), Buffer.from('b')];
    const digests = messages.map((m) => createHash('sha256').update(m).digest());
    const signatures = messages.map((m) => sign('sha256', m, privateKey));
    // Signature i % 2 over digest (i >> 1) % 2: exactly half of the items are valid.
    const items: VerifyItem[] = Array.from({ length: 100_000 }, (_, i) => ({
      algorithm: 'rsa-pkcs1-sha256',
      publicKey: spki,
      signature: signatures[i % 2],
      digest: digests[(i >> 1) % 2],
    }));
    const core = nativeCore();
    const before = rssMiB();
    const results = await core.verifyBatch(items);
    const after = rssMiB();
    expect(results.some(isItemError)).toBe(false);
    expect(results.filter((r) => r === true)).toHaveLength(50_000);
    expect(after - before).toBeLessThan(100);
  });
});
