import { describe, expect, it } from 'vitest';
import { PdfError, PdfErrorCode } from '../errors/pdf-error';
import { PdfDict } from '../objects/pdf-objects';
import { DEFAULT_PARSE_LIMITS } from '../parse/parse-limits';
import { decodeXrefStreamEntries } from './xref-stream-decoder';

describe('xref stream rows', () => {
  it('decodes free, offset and compressed rows over several /Index subsections', () => {
    const dict = new PdfDict({ W: [1, 2, 1], Size: 12, Index: [0, 2, 10, 2] });
    const rows = Buffer.from([0, 0, 0, 255, 1, 0x01, 0x2c, 0, 2, 0, 7, 3, 1, 0x10, 0x00, 2]);
    const { entries, short } = decodeXrefStreamEntries(dict, rows, DEFAULT_PARSE_LIMITS);
    expect(short).toBe(false);
    expect([...entries]).toEqual([
      [0, { type: 'free', gen: 255 }],
      [1, { type: 'offset', offset: 300, gen: 0 }],
      [10, { type: 'compressed', streamNum: 7, index: 3 }],
      [11, { type: 'offset', offset: 4096, gen: 2 }],
    ]);
  });

  it('defaults the type to 1 when its width is 0, and flags short data', () => {
    const dict = new PdfDict({ W: [0, 2, 0], Size: 3 });
    const { entries, short } = decodeXrefStreamEntries(
      dict,
      Buffer.from([0, 15, 0, 99]),
      DEFAULT_PARSE_LIMITS,
    );
    expect(entries.get(1)).toEqual({ type: 'offset', offset: 99, gen: 0 });
    expect(short).toBe(true);
  });

  it('rejects invalid /W and absurd object numbers', () => {
    const code = (dict: PdfDict) => {
      try {
        decodeXrefStreamEntries(dict, Buffer.alloc(0), DEFAULT_PARSE_LIMITS);
      } catch (error) {
        return (error as PdfError).code;
      }
    };
    expect(code(new PdfDict({ W: [1, 20, 1], Size: 1 }))).toBe(PdfErrorCode.XREF_INVALID);
    expect(code(new PdfDict({ W: [1, 2], Size: 1 }))).toBe(PdfErrorCode.XREF_INVALID);
    expect(code(new PdfDict({ W: [1, 2, 1], Size: 1, Index: [1e12, 5] }))).toBe(PdfErrorCode.XREF_INVALID);
  });
});
