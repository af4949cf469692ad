import { PdfError, PdfErrorCode } from '../errors/pdf-error';
import type { PdfWarning } from '../errors/pdf-warning';
import { decodeStreamData } from '../filters/stream-decoder';
import type { ByteSource } from '../io/byte-source';
import { PdfDict, PdfName } from '../objects/pdf-objects';
import { searchBackward } from '../parse/byte-search';
import { isWhitespace } from '../parse/char-classes';
import { measureStreamData, readIndirectObjectAt } from '../parse/indirect-object-reader';
import type { ParseLimits } from '../parse/parse-limits';
import type { XrefEntry, XrefKind, XrefSection } from './xref-entry';
import { decodeXrefStreamEntries } from './xref-stream-decoder';
import { parseXrefTable } from './xref-table-parser';

/** How far from a stated offset we look for the real `xref` / `N G obj` before giving up. */
const TOLERANCE = 1024;
const TAIL = 4096;

/** Reads the offset after the last `startxref` (ISO 32000-1 §7.5.5). */
export async function findStartXref(source: ByteSource): Promise<number> {
  const at = await searchBackward(
    source,
    Buffer.from('startxref'),
    source.size,
    Math.max(0, source.size - 64 * TAIL),
  );
  if (at < 0) throw new PdfError(PdfErrorCode.STARTXREF_NOT_FOUND);
  const text = (await source.read(at + 9, 40)).toString('latin1');
  const match = /^[\s]*(\d{1,15})/.exec(text);
  if (!match) throw new PdfError(PdfErrorCode.STARTXREF_NOT_FOUND, { detail: 'no offset after startxref' });
  return Number(match[1]);
}

function checkOffset(source: ByteSource, offset: number): void {
  if (!Number.isSafeInteger(offset) || offset < 0 || offset >= source.size) {
    throw new PdfError(PdfErrorCode.XREF_OFFSET_OUT_OF_RANGE, {
      detail: `cross-reference offset ${offset}, file size ${source.size}`,
      offset,
    });
  }
}

/**
 * Finds the section a stated offset refers to. Writers that miscount by a few bytes are common, so
 * a section starting within ±1 KiB is accepted with a warning.
 */
async function locateSection(
  source: ByteSource,
  offset: number,
  warnings: PdfWarning[],
): Promise<{ kind: XrefKind; offset: number }> {
  checkOffset(source, offset);
  const exact = classify((await source.read(offset, 64)).toString('latin1'));
  if (exact) return { kind: exact.kind, offset: offset + exact.skip };
  const lo = Math.max(0, offset - TOLERANCE);
  const text = (await source.read(lo, Math.min(source.size, offset + TOLERANCE) - lo)).toString('latin1');
  const candidates: { kind: XrefKind; at: number }[] = [];
  for (const m of text.matchAll(/(?<![A-Za-z0-9])xref(?![A-Za-z])/g))
    candidates.push({ kind: 'table', at: lo + m.index });
  for (const m of text.matchAll(/(?<![0-9])\d{1,10}[ \t\r\n\f\0]+\d{1,5}[ \t\r\n\f\0]+obj(?![A-Za-z])/g)) {
    candidates.push({ kind: 'stream', at: lo + m.index });
  }
  if (candidates.length === 0) {
    throw new PdfError(PdfErrorCode.XREF_INVALID, {
      detail: `no cross-reference section at offset ${offset}`,
      offset,
    });
  }
  candidates.sort((a, b) => Math.abs(a.at - offset) - Math.abs(b.at - offset));
  const found = candidates[0];
  warnings.push({
    code: 'STARTXREF_ADJUSTED',
    message: `cross-reference section expected at ${offset} found at ${found.at}`,
    offset: found.at,
  });
  return { kind: found.kind, offset: found.at };
}

function classify(text: string): { kind: XrefKind; skip: number } | undefined {
  let skip = 0;
  while (skip < text.length && isWhitespace(text.charCodeAt(skip))) skip++;
  const rest = text.slice(skip);
  if (/^xref(?![A-Za-z])/.test(rest)) return { kind: 'table', skip };
  if (/^\d{1,10}[ \t\r\n\f\0]+\d{1,5}[ \t\r\n\f\0]+obj(?![A-Za-z])/.test(rest))
    return { kind: 'stream', skip };
  return undefined;
}

async function loadXrefStream(
  source: ByteSource,
  offset: number,
  limits: ParseLimits,
  warnings: PdfWarning[],
): Promise<{ entries: Map<number, XrefEntry>; dict: PdfDict; end: number }> {
  const parsed = await readIndirectObjectAt(source, offset, limits);
  const dict = parsed.value;
  if (!(dict instanceof PdfDict) || parsed.streamDataOffset === undefined) {
    throw new PdfError(PdfErrorCode.XREF_INVALID, { detail: `no xref stream at offset ${offset}`, offset });
  }
  const type = dict.get('Type');
  if (type !== undefined && !(type instanceof PdfName && type.value === 'XRef')) {
    throw new PdfError(PdfErrorCode.XREF_INVALID, {
      detail: `object at ${offset} is not /Type /XRef`,
      offset,
    });
  }
  // /Length of an xref stream must be direct (§7.5.8.2): there is no xref yet to resolve it with.
  const declared = dict.getNumber('Length');
  const { length, repaired } = await measureStreamData(source, parsed.streamDataOffset, declared);
  if (repaired) {
    warnings.push({ code: 'STREAM_LENGTH_REPAIRED', message: `xref stream at ${offset}`, offset });
  }
  if (length > limits.maxDecodedStreamBytes) throw new PdfError(PdfErrorCode.OBJECT_TOO_LARGE, { offset });
  const raw = await source.read(parsed.streamDataOffset, length);
  const data = await decodeStreamData(dict, raw, limits.maxDecodedStreamBytes);
  const decoded = decodeXrefStreamEntries(dict, data, limits);
  if (decoded.short)
    warnings.push({ code: 'XREF_STREAM_SHORT', message: `xref stream at ${offset}`, offset });
  return { entries: decoded.entries, dict, end: parsed.streamDataOffset + length };
}

async function loadSection(
  source: ByteSource,
  statedOffset: number,
  limits: ParseLimits,
  warnings: PdfWarning[],
): Promise<XrefSection> {
  const { kind, offset } = await locateSection(source, statedOffset, warnings);
  if (kind === 'stream') {
    const { entries, dict, end } = await loadXrefStream(source, offset, limits, warnings);
    return { kind, offset, end, trailer: dict, entries };
  }
  const table = await parseXrefTable(source, offset, limits);
  const hybridAt = table.trailer.getNumber('XRefStm');
  if (hybridAt === undefined)
    return { kind, offset, end: table.end, trailer: table.trailer, entries: table.entries };
  // Hybrid file (§7.5.8.4): the table's entries come first; the stream supplies the objects that the
  // table lists as free or omits (those stored in object streams).
  const located = await locateSection(source, hybridAt, warnings);
  const stream = await loadXrefStream(source, located.offset, limits, warnings);
  const entries = new Map(table.entries);
  for (const [num, entry] of stream.entries) {
    const own = entries.get(num);
    if (!own || own.type === 'free') entries.set(num, entry);
  }
  return { kind, offset, end: table.end, trailer: table.trailer, entries, xrefStreamOffset: located.offset };
}

/** Loads every section of the /Prev chain, newest first. Loops and runaway chains are errors. */
export async function loadXrefChain(
  source: ByteSource,
  startOffset: number,
  limits: ParseLimits,
  warnings: PdfWarning[],
): Promise<XrefSection[]> {
  const sections: XrefSection[] = [];
  const visited = new Set<number>();
  let next: number | undefined = startOffset;
  while (next !== undefined) {
    if (visited.has(next)) {
      throw new PdfError(PdfErrorCode.XREF_PREV_LOOP, { detail: `offset ${next} seen twice`, offset: next });
    }
    if (sections.length >= limits.maxXrefSections) {
      throw new PdfError(PdfErrorCode.XREF_INVALID, {
        detail: `more than ${limits.maxXrefSections} sections`,
      });
    }
    visited.add(next);
    const section = await loadSection(source, next, limits, warnings);
    if (section.offset !== next) {
      if (visited.has(section.offset)) {
        throw new PdfError(PdfErrorCode.XREF_PREV_LOOP, { detail: `offset ${section.offset} seen twice` });
      }
      visited.add(section.offset);
    }
    sections.push(section);
    const prev = section.trailer.get('Prev');
    if (prev === undefined) break;
    if (typeof prev !== 'number' || !Number.isInteger(prev)) {
      throw new PdfError(PdfErrorCode.XREF_INVALID, { detail: '/Prev is not an integer' });
    }
    next = prev;
  }
  return sections;
}
