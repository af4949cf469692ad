import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PdfError, PdfErrorCode } from '../errors/pdf-error';
import { PdfDict, PdfName } from '../objects/pdf-objects';
import { decodeStreamData } from './stream-decoder';

const MAX = 1024 * 1024;
const dict = (filter: string | string[], parms?: Record<string, number>) =>
  new PdfDict({
    Filter: Array.isArray(filter) ? filter.map((f) => new PdfName(f)) : new PdfName(filter),
    DecodeParms: parms ? new PdfDict(parms) : undefined,
  });

describe('stream filters', () => {
  it('inflates, including streams missing their final checksum', async () => {
    const data = Buffer.from('hello hello hello hello');
    expect(await decodeStreamData(dict('FlateDecode'), deflateSync(data), MAX)).toEqual(data);
    const truncated = deflateSync(data).subarray(0, -4);
    expect(await decodeStreamData(dict('FlateDecode'), truncated, MAX)).toEqual(data);
  });

  it('decodes a repeated small stream once, yet gives each caller its own bytes and honours each limit', async () => {
    const data = Buffer.from('certificate bytes '.repeat(100));
    const compressed = deflateSync(data);
    const first = await decodeStreamData(dict('FlateDecode'), compressed, MAX);
    first.fill(0); // a caller scribbling on its copy must not change what the next caller gets
    expect(await decodeStreamData(dict('FlateDecode'), Buffer.from(compressed), MAX)).toEqual(data);
    const error = await decodeStreamData(dict('FlateDecode'), compressed, 100).catch((e: unknown) => e);
    expect((error as PdfError).code).toBe(PdfErrorCode.OBJECT_TOO_LARGE);
  });

  it('undoes every PNG predictor row type (known answer)', async () => {
    // Two rows of 3 bytes, bpp 1: row 0 uses Sub (1), row 1 uses Paeth (4) then Up (2) and Average (3).
    const rows = [
      [1, 10, 5, 5],
      [4, 1, 2, 3],
      [2, 1, 1, 1],
      [3, 0, 0, 0],
      [0, 9, 9, 9],
    ];
    const decoded = await decodeStreamData(
      dict('FlateDecode', { Predictor: 12, Columns: 3 }),
      deflateSync(Buffer.from(rows.flat())),
      MAX,
    );
    // Sub: 10, 15, 20. Paeth: 11, 17, 23. Up: 12, 18, 24. Average: 6, 12, 18. None: 9, 9, 9.
    expect([...decoded]).toEqual([10, 15, 20, 11, 17, 23, 12, 18, 24, 6, 12, 18, 9, 9, 9]);
  });

  it('decodes ASCIIHex, ASCII85 and a filter chain', async () => {
    expect(await decodeStreamData(dict('ASCIIHexDecode'), Buffer.from('48 65 6c6C 6f>'), MAX)).toEqual(
      Buffer.from('Hello'),
    );
    expect(await decodeStreamData(dict('ASCII85Decode'), Buffer.from('87cURD]i,"Ebo7~>'), MAX)).toEqual(
      Buffer.from('Hello World'),
    );
    const chained = Buffer.from(deflateSync(Buffer.from('chain')).toString('hex') + '>');
    expect(await decodeStreamData(dict(['ASCIIHexDecode', 'FlateDecode']), chained, MAX)).toEqual(
      Buffer.from('chain'),
    );
  });

  it('decodes LZW (known answer from ISO 32000-1 §7.4.4.2)', async () => {
    const encoded = Buffer.from('800B6050220C0C8501', 'hex');
    expect([...(await decodeStreamData(dict('LZWDecode'), encoded, MAX))]).toEqual([
      45, 45, 45, 45, 45, 65, 45, 45, 45, 66,
    ]);
  });

  it('stops decompression bombs and rejects image codecs', async () => {
    const bomb = deflateSync(Buffer.alloc(4 * MAX));
    const error = await decodeStreamData(dict('FlateDecode'), bomb, MAX).catch((e: unknown) => e);
    expect((error as PdfError).code).toBe(PdfErrorCode.OBJECT_TOO_LARGE);
    const jpeg = await decodeStreamData(dict('DCTDecode'), Buffer.alloc(4), MAX).catch((e: unknown) => e);
    expect((jpeg as PdfError).code).toBe(PdfErrorCode.UNSUPPORTED_FILTER);
  });
});
