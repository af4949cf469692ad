import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BlobStore, LocalBlobStore } from '@kyso/storage';
import { ResultsWriter } from './results-writer';

describe('ResultsWriter', () => {
  let dir: string;
  let blobs: LocalBlobStore;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kyso-results-'));
    blobs = new LocalBlobStore(dir);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('stores one JSON line per record, large enough to need backpressure', async () => {
    const writer = new ResultsWriter(blobs, 'batches/b1/results-1.jsonl');
    const pad = 'x'.repeat(2000);
    for (let i = 0; i < 500; i++) await writer.write({ i, pad });
    const { lines, blob } = await writer.finish();
    expect(lines).toBe(500);
    const text = await readFile(join(dir, 'batches/b1/results-1.jsonl'), 'utf8');
    const parsed = text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { i: number });
    expect(parsed.map((p) => p.i)).toEqual(Array.from({ length: 500 }, (_, i) => i));
    expect(blob.size).toBe(Buffer.byteLength(text));
  });

  it('leaves neither the blob nor a temporary file when aborted', async () => {
    const writer = new ResultsWriter(blobs, 'batches/b2/results-1.jsonl');
    await writer.write({ verdict: 'TOTAL_PASSED' });
    await writer.abort();
    expect(await blobs.exists('batches/b2/results-1.jsonl')).toBe(false);
    expect(await readdir(join(dir, 'batches/b2'))).toEqual([]);
  });

  it('fails the writes instead of waiting forever when the store cannot take the blob', async () => {
    const broken: BlobStore = Object.assign(Object.create(blobs) as BlobStore, {
      put: async () => {
        throw new Error('disk full');
      },
    });
    const writer = new ResultsWriter(broken, 'batches/b3/results-1.jsonl');
    const pad = 'x'.repeat(10_000);
    const writing = (async () => {
      for (let i = 0; i < 100; i++) await writer.write({ i, pad });
    })();
    await expect(writing).rejects.toThrow('disk full');
    await writer.abort();
  });
});
