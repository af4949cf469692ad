import { PdfError, PdfErrorCode } from '../errors/pdf-error';
import { PdfDict, PdfName, PdfObject, PdfPlaceholder, PdfRef, PdfStream, PdfString } from './pdf-objects';

/** Where a placeholder landed in the written bytes; `end` is exclusive. */
export interface PlaceholderSpan {
  readonly kind: PdfPlaceholder['kind'];
  readonly start: number;
  readonly end: number;
  readonly byteLength: number;
}

/** Ten digits per number: enough for files up to 9.3 GiB, and the width never changes when patched. */
export const BYTE_RANGE_PLACEHOLDER = '[0 0000000000 0000000000 0000000000]';

/** Accumulates output bytes and knows the current position (relative to its own start). */
export class ByteWriter {
  private readonly chunks: Buffer[] = [];
  private length_ = 0;
  readonly placeholders: PlaceholderSpan[] = [];

  get length(): number {
    return this.length_;
  }

  write(data: string | Buffer): void {
    const buf = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    this.chunks.push(buf);
    this.length_ += buf.length;
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.chunks, this.length_);
  }
}

const NAME_SAFE = new Uint8Array(256);
for (let c = 0x21; c <= 0x7e; c++) NAME_SAFE[c] = 1;
for (const c of '()<>[]{}/%#') NAME_SAFE[c.charCodeAt(0)] = 0;

export function formatName(value: string): string {
  let out = '/';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i) & 0xff;
    out += NAME_SAFE[c] ? value[i] : `#${c.toString(16).padStart(2, '0').toUpperCase()}`;
  }
  return out;
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value))
    throw new PdfError(PdfErrorCode.INVALID_ARGUMENT, { detail: `number ${value}` });
  if (Number.isInteger(value)) return value === 0 ? '0' : String(value);
  // Reals never use exponent notation in PDF; six decimals are far below a device pixel.
  let text = value.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
  if (text === '-0') text = '0';
  return text;
}

function formatLiteralString(bytes: Buffer): string {
  let out = '(';
  for (const b of bytes) {
    if (b === 0x28 || b === 0x29 || b === 0x5c) out += `\\${String.fromCharCode(b)}`;
    else if (b === 0x0a) out += '\\n';
    else if (b === 0x0d) out += '\\r';
    else if (b < 0x20 || b > 0x7e) out += `\\${b.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(b);
  }
  return `${out})`;
}

/** Writes one object in PDF syntax; streams get a direct /Length matching their data. */
export function writeObject(writer: ByteWriter, value: PdfObject): void {
  if (value === null) writer.write('null');
  else if (typeof value === 'boolean') writer.write(value ? 'true' : 'false');
  else if (typeof value === 'number') writer.write(formatNumber(value));
  else if (value instanceof PdfName) writer.write(formatName(value.value));
  else if (value instanceof PdfString) {
    writer.write(
      value.hex ? `<${value.bytes.toString('hex').toUpperCase()}>` : formatLiteralString(value.bytes),
    );
  } else if (value instanceof PdfRef) writer.write(`${value.num} ${value.gen} R`);
  else if (Array.isArray(value)) {
    writer.write('[');
    value.forEach((item, i) => {
      if (i > 0) writer.write(' ');
      writeObject(writer, item);
    });
    writer.write(']');
  } else if (value instanceof PdfDict) {
    writer.write('<<');
    for (const [key, item] of value.entries()) {
      writer.write(`${formatName(key)} `);
      writeObject(writer, item);
    }
    writer.write('>>');
  } else if (value instanceof PdfStream) {
    if (!value.data) {
      throw new PdfError(PdfErrorCode.INVALID_ARGUMENT, {
        detail: 'a stream to be written needs its data in memory',
      });
    }
    writeObject(writer, value.dict.clone().set('Length', value.data.length));
    writer.write('\nstream\n');
    writer.write(value.data);
    writer.write('\nendstream');
  } else if (value instanceof PdfPlaceholder) {
    const start = writer.length;
    const text = value.kind === 'contents' ? `<${'0'.repeat(value.byteLength * 2)}>` : BYTE_RANGE_PLACEHOLDER;
    writer.write(text);
    writer.placeholders.push({ kind: value.kind, start, end: writer.length, byteLength: value.byteLength });
  } else {
    throw new PdfError(PdfErrorCode.INVALID_ARGUMENT, { detail: 'unknown object type' });
  }
}
