import { describe, expect, it } from 'vitest';
import { PdfError } from '../errors/pdf-error';
import { formatIsoDateTime, formatPdfDate, parsePdfDate } from './pdf-date';
import { decodeTextString, encodeTextString } from './pdf-text';

describe('PDF text strings', () => {
  it('round-trips Vietnamese through UTF-16BE with a BOM', () => {
    const s = encodeTextString('Quyết định số 05/QĐ-UBND');
    expect(s.bytes.subarray(0, 2)).toEqual(Buffer.from([0xfe, 0xff]));
    expect(decodeTextString(s.bytes)).toBe('Quyết định số 05/QĐ-UBND');
  });

  it('keeps ASCII as plain bytes and NFC-normalises decomposed input', () => {
    expect(encodeTextString('Signature1').bytes.toString('latin1')).toBe('Signature1');
    const decomposed = 'Quye\u0302\u0301t'; // ê + acute as combining marks
    expect(decodeTextString(encodeTextString(decomposed).bytes)).toBe('Quyết');
  });

  it('decodes PDFDocEncoding and UTF-8 with BOM', () => {
    expect(decodeTextString(Buffer.from([0x80, 0x41, 0xe9, 0xa0]))).toBe('•Aé€');
    expect(decodeTextString(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Hà Nội')]))).toBe(
      'Hà Nội',
    );
  });
});

describe('PDF dates', () => {
  const t = new Date('2025-07-14T02:30:12Z');

  it('formats in Vietnam time by default', () => {
    expect(formatPdfDate(t)).toBe("D:20250714093012+07'00'");
    expect(formatIsoDateTime(t)).toBe('2025-07-14T09:30:12+07:00');
  });

  it('formats other offsets, across midnight', () => {
    expect(formatPdfDate(t, -330)).toBe("D:20250713210012-05'30'");
    expect(formatIsoDateTime(new Date('2025-12-31T20:00:00Z'))).toBe('2026-01-01T03:00:00+07:00');
  });

  it('parses full, partial and UTC dates', () => {
    expect(parsePdfDate("D:20250714093012+07'00'")?.toISOString()).toBe('2025-07-14T02:30:12.000Z');
    expect(parsePdfDate("D:20250714093012+07'00")?.toISOString()).toBe('2025-07-14T02:30:12.000Z');
    expect(parsePdfDate('D:20250714093012Z')?.toISOString()).toBe('2025-07-14T09:30:12.000Z');
    expect(parsePdfDate('D:2025')?.toISOString()).toBe('2025-01-01T00:00:00.000Z');
    expect(parsePdfDate('yesterday')).toBeUndefined();
  });

  it('rejects invalid dates and offsets', () => {
    expect(() => formatPdfDate(new Date('nope'))).toThrow(PdfError);
    expect(() => formatPdfDate(t, 15 * 60)).toThrow(PdfError);
  });
});
