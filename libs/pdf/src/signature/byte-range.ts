import { createHash } from 'node:crypto';
import { PdfError, PdfErrorCode } from '../errors/pdf-error';
import { ByteSourceInput, withByteSource, ByteSource } from '../io/byte-source';

export type DigestAlgorithm = 'sha256' | 'sha384' | 'sha512' | 'sha1';

const DEFAULT_CHUNK = 1024 * 1024;

/**
 * Checks that a /ByteRange is a list of (offset, length) pairs of non-negative integers, in increasing,
 * non-overlapping order, all inside a file of `size` bytes. Returns it as plain numbers.
 */
export function checkByteRange(byteRange: readonly number[], size: number): number[] {
  const bad = (detail: string): PdfError => new PdfError(PdfErrorCode.BYTE_RANGE_INVALID, { detail });
  if (byteRange.length < 2 || byteRange.length % 2 !== 0) throw bad(`${byteRange.length} numbers`);
  let previousEnd = 0;
  for (let i = 0; i < byteRange.length; i += 2) {
    const offset = byteRange[i];
    const length = byteRange[i + 1];
    if (![offset, length].every((n) => Number.isSafeInteger(n) && n >= 0)) throw bad(`pair ${i / 2}`);
    if (offset < previousEnd) throw bad(`pair ${i / 2} overlaps or goes backwards`);
    if (offset + length > size) throw bad(`pair ${i / 2} ends at ${offset + length}, file has ${size} bytes`);
    previousEnd = offset + length;
  }
  return [...byteRange];
}

/** Yields the covered bytes in chunks of at most `chunkSize`, without reading anything else. */
export async function* readByteRange(
  source: ByteSource,
  byteRange: readonly number[],
  chunkSize = DEFAULT_CHUNK,
): AsyncGenerator<Buffer> {
  const ranges = checkByteRange(byteRange, source.size);
  for (let i = 0; i < ranges.length; i += 2) {
    const end = ranges[i] + ranges[i + 1];
    for (let pos = ranges[i]; pos < end; pos += chunkSize) {
      yield await source.read(pos, Math.min(chunkSize, end - pos));
    }
  }
}

/**
 * The digest of the bytes a /ByteRange covers, read in chunks (1 MiB by default) so that hashing a
 * 200 MB file neither loads it nor blocks the event loop for long.
 */
export async function hashByteRange(
  input: ByteSourceInput,
  byteRange: readonly number[],
  algorithm: DigestAlgorithm,
  options: { chunkSize?: number } = {},
): Promise<Buffer> {
  return withByteSource(input, async (source) => {
    const hash = createHash(algorithm);
    for await (const chunk of readByteRange(source, byteRange, options.chunkSize)) hash.update(chunk);
    return hash.digest();
  });
}

/** The covered bytes concatenated: for tests and external verifiers (`openssl cms -verify -content`). */
export async function byteRangeContent(
  input: ByteSourceInput,
  byteRange: readonly number[],
): Promise<Buffer> {
  return withByteSource(input, async (source) => {
    const parts: Buffer[] = [];
    for await (const chunk of readByteRange(source, byteRange)) parts.push(Buffer.from(chunk));
    return Buffer.concat(parts);
  });
}
