import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PdfError, PdfErrorCode } from '../errors/pdf-error';
import { BufferByteSource } from '../io/byte-source';
import { byteRangeContent, checkByteRange, hashByteRange } from './byte-range';

const data = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 31) & 0xff));

describe('byte ranges', () => {
  it('hashes exactly the covered bytes, whatever the chunk size', async () => {
    const range = [0, 100, 300, 700];
    const expected = createHash('sha256').update(data.subarray(0, 100)).update(data.subarray(300)).digest();
    for (const chunkSize of [1, 7, 64, 1024 * 1024]) {
      expect(await hashByteRange(new BufferByteSource(data), range, 'sha256', { chunkSize })).toEqual(
        expected,
      );
    }
    expect(await byteRangeContent(data, range)).toEqual(
      Buffer.concat([data.subarray(0, 100), data.subarray(300)]),
    );
    const sha512 = createHash('sha512').update(data.subarray(0, 100)).update(data.subarray(300)).digest();
    expect(await hashByteRange(data, range, 'sha512')).toEqual(sha512);
  });

  it.each([
    [[0, 10, 20], 'odd count'],
    [[], 'empty'],
    [[0, -1, 20, 5], 'negative'],
    [[0, 10.5, 20, 5], 'fraction'],
    [[0, 100, 50, 10], 'overlap'],
    [[0, 100, 900, 200], 'beyond the end'],
  ])('rejects %j (%s)', (range) => {
    let error: unknown;
    try {
      checkByteRange(range as number[], data.length);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PdfError);
    expect((error as PdfError).code).toBe(PdfErrorCode.BYTE_RANGE_INVALID);
  });
});
