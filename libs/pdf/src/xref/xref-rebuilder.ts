import { PdfError, PdfErrorCode } from '../errors/pdf-error';
import type { PdfWarning } from '../errors/pdf-warning';
import { decodeStreamData } from '../filters/stream-decoder';
import type { ByteSource } from '../io/byte-source';
import { PdfDict, PdfRef } from '../objects/pdf-objects';
import { measureStreamData, readIndirectObjectAt } from '../parse/indirect-object-reader';
import { ObjectParser } from '../parse/object-parser';
import type { ParseLimits } from '../parse/parse-limits';
import { parseAt } from '../parse/windowed-parse';
import { ObjectStream } from './object-stream';
import type { PdfRevision } from './pdf-revision';
import type { XrefEntry, XrefSection } from './xref-entry';

export interface ScannedObjects {
  /** Object number → offset of its last `N G obj` in the file (later definitions win). */
  readonly objects: Map<number, { offset: number; gen: number }>;
  /** Offsets of `trailer` keywords, in file order. */
  readonly trailers: number[];
}

const CHUNK = 1024 * 1024;
const OVERLAP = 64;

/**
 * Scans the whole file for `N G obj` headers and `trailer` keywords — the last resort when the
 * cross-reference data is unusable. Reads 1 MiB at a time.
 */
export async function scanForObjects(source: ByteSource, maxObjectNumber: number): Promise<ScannedObjects> {
  const objects = new Map<number, { offset: number; gen: number }>();
  const trailers: number[] = [];
  const objectPattern = /(?<![0-9])(\d{1,10})[ \t\r\n\f\0]+(\d{1,5})[ \t\r\n\f\0]+obj(?![A-Za-z0-9])/g;
  const trailerPattern = /(?<![A-Za-z])trailer(?![A-Za-z])/g;
  for (let pos = 0; pos < source.size; pos += CHUNK) {
    const chunk = await source.read(pos, CHUNK + OVERLAP);
    const text = chunk.toString('latin1');
    for (const m of text.matchAll(objectPattern)) {
      // Matches starting in the overlap belong to the next chunk.
      if (m.index >= CHUNK) continue;
      // A digit run can also be the tail of a longer token; require a separator before it.
      const before = m.index > 0 ? text.charCodeAt(m.index - 1) : pos === 0 ? 0x20 : -1;
      if (before >= 0 && !isSeparator(before)) continue;
      const num = Number(m[1]);
      if (num > maxObjectNumber) continue;
      objects.set(num, { offset: pos + m.index, gen: Number(m[2]) });
    }
    for (const m of text.matchAll(trailerPattern)) if (m.index < CHUNK) trailers.push(pos + m.index);
  }
  return { objects, trailers };
}

function isSeparator(c: number): boolean {
  return (
    c === 0x20 ||
    c === 0x0a ||
    c === 0x0d ||
    c === 0x09 ||
    c === 0x0c ||
    c === 0x00 ||
    c === 0x3e ||
    c === 0x5d
  );
}

/** Builds a single synthetic revision from a full scan of the file. */
export async function rebuildRevision(
  source: ByteSource,
  limits: ParseLimits,
  warnings: PdfWarning[],
  cause: PdfError,
): Promise<PdfRevision> {
  const scanned = await scanForObjects(source, limits.maxObjectNumber);
  const entries = new Map<number, XrefEntry>();
  for (const [num, { offset, gen }] of scanned.objects) entries.set(num, { type: 'offset', offset, gen });

  let trailer: PdfDict | undefined;
  for (let i = scanned.trailers.length - 1; i >= 0 && !trailer; i--) {
    const dict = await parseAt(
      source,
      scanned.trailers[i] + 'trailer'.length,
      (lexer) => new ObjectParser(lexer, limits).parseObject(),
      { maxBytes: limits.maxObjectBytes },
    ).catch(() => undefined);
    if (dict instanceof PdfDict && dict.has('Root')) trailer = dict;
  }

  // Objects inside object streams, and a catalog or xref-stream trailer when no `trailer` survived.
  let catalogRef: PdfRef | undefined;
  const byOffset = [...scanned.objects].sort((a, b) => a[1].offset - b[1].offset);
  for (const [num, { offset, gen }] of byOffset) {
    const parsed = await readIndirectObjectAt(source, offset, limits).catch(() => undefined);
    if (!parsed || !(parsed.value instanceof PdfDict)) continue;
    const dict = parsed.value;
    const type = dict.getName('Type');
    if (type === 'Catalog') catalogRef = new PdfRef(num, gen);
    if (type === 'XRef' && dict.has('Root') && !trailer) trailer = dict;
    if (type === 'ObjStm' && parsed.streamDataOffset !== undefined) {
      try {
        const { length } = await measureStreamData(source, parsed.streamDataOffset, dict.getNumber('Length'));
        const raw = await source.read(parsed.streamDataOffset, length);
        const objStm = ObjectStream.parse(
          dict,
          await decodeStreamData(dict, raw, limits.maxDecodedStreamBytes),
          limits,
        );
        objStm.numbers.forEach((n, index) => {
          if (!entries.has(n)) entries.set(n, { type: 'compressed', streamNum: num, index });
        });
      } catch {
        // A damaged object stream only loses its own objects.
      }
    }
  }
  if (!trailer) {
    if (!catalogRef)
      throw new PdfError(PdfErrorCode.XREF_INVALID, { detail: 'no catalog found while rebuilding', cause });
    trailer = new PdfDict({ Root: catalogRef });
  }
  const size = Math.max(0, ...entries.keys()) + 1;
  trailer = trailer.clone().set('Size', Math.max(size, trailer.getNumber('Size') ?? 0));
  trailer.delete('Prev');
  warnings.push({ code: 'XREF_REBUILT', message: `cross-reference rebuilt by scanning: ${cause.message}` });
  const section: XrefSection = { kind: 'table', offset: -1, end: source.size, trailer, entries };
  return {
    index: 0,
    xrefOffset: -1,
    xrefKind: 'table',
    endOffset: source.size,
    trailer,
    sections: [section],
  };
}
