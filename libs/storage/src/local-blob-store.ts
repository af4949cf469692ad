import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, open, readFile, rename, rm, unlink } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BlobStore, StoredBlob } from './blob-store';
import { StorageError, StorageErrorCode } from './storage.error';

const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

/**
 * Blobs as files under one directory. Each put writes a temporary file beside the target, fsyncs it,
 * renames it over the target and fsyncs the directory, so a crash leaves either the old or the new file,
 * never a torn one.
 */
export class LocalBlobStore implements BlobStore {
  private readonly root: string;

  constructor(dir: string) {
    this.root = resolve(dir);
  }

  async put(key: string, data: Buffer | Readable): Promise<StoredBlob> {
    const target = this.pathOf(key);
    await mkdir(dirname(target), { recursive: true });
    const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    const hash = createHash('sha256');
    let size = 0;
    try {
      const source = Buffer.isBuffer(data) ? Readable.from([data]) : data;
      const out = createWriteStream(tmp, { flags: 'wx' });
      await pipeline(
        source,
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            hash.update(chunk);
            size += chunk.length;
            yield chunk;
          }
        },
        out,
      );
      const fh = await open(tmp, 'r');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, target);
      await syncDir(dirname(target));
    } catch (err) {
      await rm(tmp, { force: true });
      throw new StorageError(StorageErrorCode.IO, `could not store ${key}: ${(err as Error).message}`);
    }
    return { key, size, sha256: hash.digest('hex') };
  }

  async get(key: string): Promise<Buffer> {
    try {
      return await readFile(this.pathOf(key));
    } catch (err) {
      throw this.readError(key, err);
    }
  }

  openRead(key: string): Readable {
    return createReadStream(this.pathOf(key));
  }

  localPath(key: string): string {
    return this.pathOf(key);
  }

  async exists(key: string): Promise<boolean> {
    try {
      await access(this.pathOf(key));
      return true;
    } catch {
      return false;
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await unlink(this.pathOf(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw this.readError(key, err);
    }
  }

  async health(): Promise<{ ok: boolean; detail: string }> {
    try {
      await mkdir(this.root, { recursive: true });
      const probe = await this.put(`.health/${process.pid}`, Buffer.from('ok'));
      await this.delete(probe.key);
      return { ok: true, detail: this.root };
    } catch (err) {
      return { ok: false, detail: `${this.root}: ${(err as Error).message}` };
    }
  }

  private pathOf(key: string): string {
    if (!KEY.test(key.replace(/^\.health\//, 'health/')) || key.includes('..')) {
      throw new StorageError(StorageErrorCode.INVALID_KEY, `invalid blob key "${key}"`);
    }
    const p = join(this.root, ...key.split('/'));
    if (!p.startsWith(this.root + sep))
      throw new StorageError(StorageErrorCode.INVALID_KEY, `invalid blob key "${key}"`);
    return p;
  }

  private readError(key: string, err: unknown): StorageError {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      return new StorageError(StorageErrorCode.NOT_FOUND, `blob not found: ${key}`);
    }
    return new StorageError(StorageErrorCode.IO, `could not read ${key}: ${(err as Error).message}`);
  }
}

async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
