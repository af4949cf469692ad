import type { PdfWarning } from '../errors/pdf-warning';
import type { ByteSource } from '../io/byte-source';
import type { PdfDict } from '../objects/pdf-objects';
import { searchForward } from '../parse/byte-search';
import type { XrefSection } from './xref-entry';

/** One saved state of the document: the original save or one incremental update. */
export interface PdfRevision {
  /** 0 = the original document. */
  readonly index: number;
  /** What `startxref` pointed at when this revision was the latest. */
  readonly xrefOffset: number;
  readonly xrefKind: 'table' | 'stream' | 'hybrid';
  /** Length of the document as of this revision: just after its `%%EOF` and that marker's end-of-line. */
  readonly endOffset: number;
  readonly trailer: PdfDict;
  /** The sections of this revision (two for a linearized original: first-page and main). */
  readonly sections: readonly XrefSection[];
}

const EOF_MARKER = Buffer.from('%%EOF');

/**
 * Groups the /Prev chain into revisions and finds where each ends. In a linearized file the newest
 * section (first-page xref) sits before its /Prev (main xref); both form one revision.
 */
export async function buildRevisions(
  source: ByteSource,
  sectionsNewestFirst: readonly XrefSection[],
  warnings: PdfWarning[],
): Promise<PdfRevision[]> {
  const chronological = [...sectionsNewestFirst].reverse();
  const groups: XrefSection[][] = [];
  for (let i = 0; i < chronological.length; i++) {
    const section = chronological[i];
    // Only the section right after the original can be a linearization first-page section.
    if (i === 1 && section.offset < chronological[0].offset) groups[0].push(section);
    else groups.push([section]);
  }
  const revisions: PdfRevision[] = [];
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g];
    const newest = group[group.length - 1];
    const searchFrom = Math.max(...group.map((s) => s.end));
    const limit = g + 1 < groups.length ? Math.min(...groups[g + 1].map((s) => s.offset)) : source.size;
    const endOffset = await revisionEnd(source, searchFrom, limit, warnings);
    revisions.push({
      index: g,
      xrefOffset: newest.offset,
      xrefKind:
        newest.kind === 'table' ? (newest.xrefStreamOffset !== undefined ? 'hybrid' : 'table') : 'stream',
      endOffset,
      trailer: newest.trailer,
      sections: group,
    });
  }
  return revisions;
}

async function revisionEnd(source: ByteSource, from: number, limit: number, warnings: PdfWarning[]) {
  const at = await searchForward(source, EOF_MARKER, from, limit);
  if (at < 0) {
    warnings.push({
      code: 'EOF_MARKER_MISSING',
      message: `no %%EOF between ${from} and ${limit}`,
      offset: from,
    });
    return limit;
  }
  let end = at + EOF_MARKER.length;
  const eol = await source.read(end, Math.min(2, source.size - end));
  if (eol[0] === 0x0d) end += eol[1] === 0x0a ? 2 : 1;
  else if (eol[0] === 0x0a) end += 1;
  return end;
}
