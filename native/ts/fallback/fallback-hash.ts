import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

import type { HashAlgorithm } from '../algorithms';
import { NativeErrorCode, type RawItemError } from '../errors';
import type { NormalizedHashInput } from '../validate';
import { yieldToEventLoop } from './event-loop';

const READ_CHUNK_BYTES = 1 << 20;
/** Hash at most this much on the JS thread before letting the event loop run. */
const SLICE_BYTES = 8 << 20;

type Failure = Omit<RawItemError, 'index'>;

function fileFailure(error: unknown, path: string): Failure {
  const errno = (error as NodeJS.ErrnoException).code;
  if (errno === 'ENOENT') return { code: NativeErrorCode.FileNotFound, path, errno };
  return { code: NativeErrorCode.FileUnreadable, path, errno: errno ?? String(error) };
}

/**
 * Hashes one batch on the JS thread with node:crypto, yielding between slices so the event loop
 * keeps running; same semantics and errors as native/src/file_hasher.cc.
 */
export class FallbackHasher {
  private sinceYield = 0;
  private readonly buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);

  constructor(private readonly algorithm: HashAlgorithm) {}

  async hash(input: NormalizedHashInput): Promise<Buffer | Failure> {
    return input instanceof Uint8Array ? this.hashBytes(input) : this.hashFile(input.path, input.ranges);
  }

  private async account(bytes: number): Promise<void> {
    this.sinceYield += bytes;
    if (this.sinceYield >= SLICE_BYTES) {
      this.sinceYield = 0;
      await yieldToEventLoop();
    }
  }

  private async hashBytes(bytes: Uint8Array): Promise<Buffer> {
    const hash = createHash(this.algorithm);
    for (let offset = 0; offset < bytes.length; offset += SLICE_BYTES) {
      const slice = bytes.subarray(offset, offset + SLICE_BYTES);
      hash.update(slice);
      await this.account(slice.length);
    }
    await this.account(64); // many tiny inputs must yield too
    return hash.digest();
  }

  private async hashFile(
    path: string,
    ranges: readonly [number, number][] | undefined,
  ): Promise<Buffer | Failure> {
    let file: FileHandle;
    try {
      // O_NONBLOCK: opening a FIFO by mistake must not hang the batch (see file_hasher.cc).
      file = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    } catch (error) {
      return fileFailure(error, path);
    }
    try {
      const stats = await file.stat();
      if (stats.isDirectory()) return { code: NativeErrorCode.FileUnreadable, path, errno: 'EISDIR' };
      if (!stats.isFile())
        return { code: NativeErrorCode.FileUnreadable, path, detail: 'not a regular file' };
      const list = ranges ?? [[0, stats.size]];
      for (const [rangeIndex, [offset, length]] of list.entries()) {
        if (offset > stats.size || length > stats.size - offset) {
          return {
            code: NativeErrorCode.RangeOutOfBounds,
            path,
            rangeIndex,
            offset,
            length,
            fileSize: stats.size,
          };
        }
      }
      const hash = createHash(this.algorithm);
      for (const [rangeIndex, [offset, length]] of list.entries()) {
        for (let position = offset, remaining = length; remaining > 0;) {
          const { bytesRead } = await file.read(
            this.buffer,
            0,
            Math.min(remaining, READ_CHUNK_BYTES),
            position,
          );
          if (bytesRead === 0) {
            const fileSize = (await file.stat()).size;
            return { code: NativeErrorCode.FileChanged, path, rangeIndex, offset, length, fileSize };
          }
          hash.update(this.buffer.subarray(0, bytesRead));
          position += bytesRead;
          remaining -= bytesRead;
          await this.account(bytesRead);
        }
      }
      return hash.digest();
    } catch (error) {
      return fileFailure(error, path);
    } finally {
      await file.close();
    }
  }
}
