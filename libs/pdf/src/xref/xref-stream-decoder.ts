import { PdfError, PdfErrorCode } from '../errors/pdf-error';
import type { PdfDict } from '../objects/pdf-objects';
import type { ParseLimits } from '../parse/parse-limits';
import type { XrefEntry } from './xref-entry';

export interface DecodedXrefStream {
  readonly entries: Map<number, XrefEntry>;
  /** True when the data held fewer rows than /Index declared. */
  readonly short: boolean;
}

/** Turns the decoded rows of a cross-reference stream into entries (ISO 32000-1 §7.5.8). */
export function decodeXrefStreamEntries(dict: PdfDict, data: Buffer, limits: ParseLimits): DecodedXrefStream {
  const invalid = (detail: string): PdfError => new PdfError(PdfErrorCode.XREF_INVALID, { detail });
  const w = dict.getArray('W');
  if (!w || w.length < 3 || w.some((x) => typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x > 8)) {
    throw invalid('xref stream /W must be three integers 0..8');
  }
  const [w0, w1, w2] = w as number[];
  const rowLength = w0 + w1 + w2;
  if (rowLength === 0) throw invalid('xref stream /W is all zero');
  const size = dict.getNumber('Size');
  if (size === undefined || size < 0 || size > limits.maxObjectNumber) throw invalid('xref stream /Size');
  const index = dict.getArray('Index') ?? [0, size];
  if (index.length % 2 !== 0 || index.some((x) => typeof x !== 'number' || !Number.isInteger(x) || x < 0)) {
    throw invalid('xref stream /Index');
  }

  const read = (pos: number, width: number): number => {
    let v = 0;
    for (let i = 0; i < width; i++) v = v * 256 + data[pos + i];
    return v;
  };

  const entries = new Map<number, XrefEntry>();
  let pos = 0;
  let short = false;
  for (let i = 0; i < index.length; i += 2) {
    const start = index[i] as number;
    const count = index[i + 1] as number;
    if (start + count > limits.maxObjectNumber) throw invalid('xref stream object numbers out of range');
    for (let k = 0; k < count; k++) {
      if (pos + rowLength > data.length) {
        short = true;
        break;
      }
      // A zero-width type field means type 1 (§7.5.8.2, Table 17).
      const type = w0 === 0 ? 1 : read(pos, w0);
      const f2 = read(pos + w0, w1);
      const f3 = read(pos + w0 + w1, w2);
      pos += rowLength;
      const num = start + k;
      if (entries.has(num)) continue;
      if (type === 0) entries.set(num, { type: 'free', gen: f3 });
      else if (type === 1) entries.set(num, { type: 'offset', offset: f2, gen: w2 === 0 ? 0 : f3 });
      else if (type === 2) entries.set(num, { type: 'compressed', streamNum: f2, index: f3 });
      // Other types are reserved: readers treat them as references to the null object.
    }
    if (short) break;
  }
  return { entries, short };
}
