import { PdfString } from './pdf-objects';

// PDFDocEncoding differs from Latin-1 only at 0x18–0x1F, 0x80–0x9E and 0xA0 (ISO 32000-1, Annex D).
const PDF_DOC_18 = '\u02d8\u02c7\u02c6\u02d9\u02dd\u02db\u02da\u02dc';
const PDF_DOC_80 = '•†‡…—–ƒ⁄‹›−‰„“”‘’‚™ﬁﬂŁŒŠŸŽıłœšž';

function pdfDocChar(b: number): string {
  if (b >= 0x18 && b <= 0x1f) return PDF_DOC_18[b - 0x18];
  if (b >= 0x80 && b <= 0x9e) return PDF_DOC_80[b - 0x80];
  if (b === 0xa0) return '€';
  return String.fromCharCode(b);
}

/** Decodes a PDF text string: UTF-16BE or UTF-8 with BOM, otherwise PDFDocEncoding. */
export function decodeTextString(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const body = bytes.subarray(2, 2 + ((bytes.length - 2) & ~1));
    return Buffer.from(body).swap16().toString('utf16le');
  }
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return bytes.subarray(3).toString('utf8');
  }
  let out = '';
  for (const b of bytes) out += pdfDocChar(b);
  return out;
}

/** Encodes text as a PDF text string: plain bytes when printable ASCII, otherwise UTF-16BE with BOM. */
export function encodeTextString(text: string): PdfString {
  const normalized = text.normalize('NFC');
  if (/^[\x20-\x7e]*$/.test(normalized)) return PdfString.latin1(normalized);
  const utf16 = Buffer.from(normalized, 'utf16le').swap16();
  return new PdfString(Buffer.concat([Buffer.from([0xfe, 0xff]), utf16]), true);
}
