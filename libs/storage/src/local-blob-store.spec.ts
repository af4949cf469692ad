import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalBlobStore } from './local-blob-store';
import { StorageErrorCode } from './storage.error';

describe('LocalBlobStore', () => {
  let dir: string;
  let store: LocalBlobStore;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kyso-blobs-'));
    store = new LocalBlobStore(dir);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('stores a buffer and reports its size and SHA-256', async () => {
    const data = Buffer.from('Quyết định số 05/QĐ-UBND');
    const stored = await store.put('documents/a/v1.pdf', data);
    expect(stored.size).toBe(data.length);
    expect(stored.sha256).toBe(createHash('sha256').update(data).digest('hex'));
    expect(await store.get('documents/a/v1.pdf')).toEqual(data);
    expect(await store.exists('documents/a/v1.pdf')).toBe(true);
  });

  it('stores a stream and leaves no temporary file behind', async () => {
    await store.put('x/y.bin', Readable.from([Buffer.alloc(1000, 1), Buffer.alloc(24, 2)]));
    expect(await readdir(join(dir, 'x'))).toEqual(['y.bin']);
    expect((await store.get('x/y.bin')).length).toBe(1024);
  });

  it('keeps the old blob when a streamed put fails midway', async () => {
    await store.put('doc.pdf', Buffer.from('old'));
    const failing = new Readable({
      read() {
        this.destroy(new Error('client went away'));
      },
    });
    await expect(store.put('doc.pdf', failing)).rejects.toMatchObject({ code: StorageErrorCode.IO });
    expect((await store.get('doc.pdf')).toString()).toBe('old');
    expect(await readdir(dir)).toEqual(['doc.pdf']);
  });

  it('refuses keys that escape the root', async () => {
    for (const key of ['../etc/passwd', '/abs', 'a/../../b', 'a//b', '']) {
      await expect(store.put(key, Buffer.from('x'))).rejects.toMatchObject({
        code: StorageErrorCode.INVALID_KEY,
      });
    }
  });

  it('reports a missing blob as NOT_FOUND', async () => {
    await expect(store.get('nope')).rejects.toMatchObject({ code: StorageErrorCode.NOT_FOUND });
  });

  it('is healthy when the directory is writable', async () => {
    expect((await store.health()).ok).toBe(true);
  });
});
