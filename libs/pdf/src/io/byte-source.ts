import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { PdfError, PdfErrorCode } from '../errors/pdf-error';

/**
 * Random access to the bytes of a PDF. The parser only ever asks for windows (the tail, one object,
 * one stream), so a 200 MB file opened from a path is never held in memory.
 */
export interface ByteSource {
  readonly size: number;
  /** Returns exactly `min(length, size - offset)` bytes starting at `offset`. */
  read(offset: number, length: number): Promise<Buffer>;
  close(): Promise<void>;
}

function checkRange(size: number, offset: number, length: number): number {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
    throw new PdfError(PdfErrorCode.INVALID_ARGUMENT, { detail: `read(${offset}, ${length})` });
  }
  if (offset > size) {
    throw new PdfError(PdfErrorCode.TRUNCATED, { detail: `read at ${offset} beyond end ${size}`, offset });
  }
  return Math.min(length, size - offset);
}

/** A source over bytes already in memory; reads are zero-copy views. */
export class BufferByteSource implements ByteSource {
  readonly buffer: Buffer;

  constructor(bytes: Uint8Array) {
    this.buffer = Buffer.isBuffer(bytes)
      ? bytes
      : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get size(): number {
    return this.buffer.length;
  }

  async read(offset: number, length: number): Promise<Buffer> {
    const n = checkRange(this.buffer.length, offset, length);
    return this.buffer.subarray(offset, offset + n);
  }

  async close(): Promise<void> {}
}

/**
 * A source over a file read on demand through one FileHandle. After `close()` the descriptor is released,
 * but the source stays usable: each later read reopens the file briefly and first checks that it is still
 * the file that was parsed (same size and modification time). So an output that refers to its original
 * (`PdfUpdateOutput`) keeps working after the reader that produced it is gone.
 */
export class FileByteSource implements ByteSource {
  private handle: FileHandle | undefined;

  private constructor(
    readonly path: string,
    handle: FileHandle,
    readonly size: number,
    /** Modification time at open; `assertUnchanged` compares against it before the file is copied. */
    readonly mtimeMs: number,
  ) {
    this.handle = handle;
  }

  static async open(path: string): Promise<FileByteSource> {
    let handle: FileHandle;
    try {
      handle = await fs.open(path, 'r');
    } catch (cause) {
      throw new PdfError(PdfErrorCode.IO, { detail: `cannot open ${path}`, cause });
    }
    const stat = await handle.stat();
    return new FileByteSource(path, handle, stat.size, stat.mtimeMs);
  }

  async read(offset: number, length: number): Promise<Buffer> {
    const n = checkRange(this.size, offset, length);
    if (this.handle) return readFully(this.handle, offset, n, this.path);
    let handle: FileHandle;
    try {
      handle = await fs.open(this.path, 'r');
    } catch (cause) {
      throw new PdfError(PdfErrorCode.SOURCE_CHANGED, { detail: `${this.path} is gone`, cause });
    }
    try {
      const stat = await handle.stat();
      if (stat.size !== this.size || stat.mtimeMs !== this.mtimeMs) {
        throw new PdfError(PdfErrorCode.SOURCE_CHANGED, { detail: this.path });
      }
      return await readFully(handle, offset, n, this.path);
    } finally {
      await handle.close();
    }
  }

  /** Throws SOURCE_CHANGED when the file on disk is no longer the one that was parsed. */
  async assertUnchanged(): Promise<void> {
    const stat = await fs.stat(this.path).catch((cause: unknown) => {
      throw new PdfError(PdfErrorCode.SOURCE_CHANGED, { detail: `${this.path} is gone`, cause });
    });
    if (stat.size !== this.size || stat.mtimeMs !== this.mtimeMs) {
      throw new PdfError(PdfErrorCode.SOURCE_CHANGED, { detail: this.path });
    }
  }

  /** Releases the descriptor; the source remains readable (see the class comment). */
  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close();
  }
}

async function readFully(handle: FileHandle, offset: number, n: number, path: string): Promise<Buffer> {
  const out = Buffer.allocUnsafe(n);
  let done = 0;
  while (done < n) {
    const { bytesRead } = await handle.read(out, done, n - done, offset + done);
    if (bytesRead === 0) throw new PdfError(PdfErrorCode.SOURCE_CHANGED, { detail: `${path} shrank` });
    done += bytesRead;
  }
  return out;
}

/** A prefix of another source: "the file as it was at the end of revision N". */
export class PrefixByteSource implements ByteSource {
  constructor(
    readonly inner: ByteSource,
    readonly size: number,
  ) {
    if (size > inner.size)
      throw new PdfError(PdfErrorCode.INVALID_ARGUMENT, { detail: 'prefix beyond source' });
  }

  async read(offset: number, length: number): Promise<Buffer> {
    return this.inner.read(offset, checkRange(this.size, offset, length));
  }

  /** Closing a view never closes the source it looks into. */
  async close(): Promise<void> {}
}

/** Original bytes followed by an appended update, without concatenating them in memory. */
export class ConcatByteSource implements ByteSource {
  readonly size: number;

  constructor(
    readonly head: ByteSource,
    readonly tail: Buffer,
  ) {
    this.size = head.size + tail.length;
  }

  async read(offset: number, length: number): Promise<Buffer> {
    const n = checkRange(this.size, offset, length);
    const end = offset + n;
    const headSize = this.head.size;
    if (end <= headSize) return this.head.read(offset, n);
    if (offset >= headSize) return this.tail.subarray(offset - headSize, end - headSize);
    const first = await this.head.read(offset, headSize - offset);
    return Buffer.concat([first, this.tail.subarray(0, end - headSize)]);
  }

  async close(): Promise<void> {}
}

export type ByteSourceInput = ByteSource | Uint8Array | string;

export function isByteSource(value: unknown): value is ByteSource {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ByteSource).read === 'function' &&
    typeof (value as ByteSource).size === 'number'
  );
}

/**
 * Opens a source; `owned` tells the caller whether it must close it (true when this call opened a file).
 */
export async function openByteSource(
  input: ByteSourceInput,
): Promise<{ source: ByteSource; owned: boolean }> {
  if (typeof input === 'string') return { source: await FileByteSource.open(input), owned: true };
  if (input instanceof Uint8Array) return { source: new BufferByteSource(input), owned: false };
  if (isByteSource(input)) return { source: input, owned: false };
  throw new PdfError(PdfErrorCode.INVALID_ARGUMENT, { detail: 'expected a path, a Buffer or a ByteSource' });
}

/** Runs `fn` with a source, closing it afterwards only if this call opened it. */
export async function withByteSource<T>(
  input: ByteSourceInput,
  fn: (source: ByteSource) => Promise<T>,
): Promise<T> {
  const { source, owned } = await openByteSource(input);
  try {
    return await fn(source);
  } finally {
    if (owned) await source.close();
  }
}
