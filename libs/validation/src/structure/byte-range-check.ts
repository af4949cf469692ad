import type { ByteSource, PdfRevision } from '@kyso/pdf';
import { error, type Finding } from '../model/finding';
import type { ByteSpanToHash } from '../crypto/crypto-backend';

export interface ByteRangeInput {
  readonly byteRange?: readonly number[];
  /** Offset of the `<` of /Contents and just after its `>`; undefined when not known (object stream). */
  readonly contentsStart?: number;
  readonly contentsEnd?: number;
}

export type ByteRangeCheck =
  | {
      readonly ok: true;
      readonly spans: readonly ByteSpanToHash[];
      /** End of the signed bytes (exclusive). */
      readonly end: number;
      /** The revision the signature closes (null when the cross-reference data had to be rebuilt). */
      readonly revision: number | null;
    }
  | { readonly ok: false; readonly finding: Finding; readonly revision: number | null };

/** Whitespace a writer may leave between %%EOF and the end of the signed bytes. */
const MAX_TRAILING_WHITESPACE = 32;

/**
 * The invariant that makes a PDF signature meaningful: /ByteRange = [0 a b c] covers the file from byte 0
 * to the end of one revision, except exactly the /Contents hex string (delimiters included), with no
 * overlap and nothing outside the file. Anything else is FORMAT_FAILURE (signature wrapping, "siwa").
 */
export async function checkByteRange(
  input: ByteRangeInput,
  source: ByteSource,
  revisions: readonly PdfRevision[],
): Promise<ByteRangeCheck> {
  const fail = (f: Finding, revision: number | null = null): ByteRangeCheck => ({
    ok: false,
    finding: f,
    revision,
  });
  const br = input.byteRange;
  if (!br) return fail(error('BYTE_RANGE_MISSING'));
  if (br.length !== 4)
    return fail(error('BYTE_RANGE_MALFORMED', { detail: `${br.length} numbers instead of 4` }));
  if (!br.every((n) => Number.isSafeInteger(n) && n >= 0)) {
    return fail(error('BYTE_RANGE_MALFORMED', { detail: 'values must be non-negative integers' }));
  }
  const [start, len1, start2, len2] = br;
  const end = start2 + len2;
  const revision = revisionAt(revisions, end);
  if (start !== 0) return fail(error('BYTE_RANGE_NOT_FROM_START'), revision);
  if (start2 < len1) return fail(error('BYTE_RANGE_OVERLAP'), revision);
  if (end > source.size) return fail(error('BYTE_RANGE_OUTSIDE_FILE', { end, size: source.size }), revision);
  if (input.contentsStart !== len1 || input.contentsEnd !== start2) {
    return fail(
      error('BYTE_RANGE_GAP_NOT_CONTENTS', {
        gapStart: len1,
        gapEnd: start2,
        contentsStart: input.contentsStart ?? '?',
        contentsEnd: input.contentsEnd ?? '?',
      }),
      revision,
    );
  }
  if (!(await endsAtEofMarker(source, end)))
    return fail(error('BYTE_RANGE_NOT_REVISION_END', { end }), revision);
  return {
    ok: true,
    spans: [
      { offset: 0, length: len1 },
      { offset: start2, length: len2 },
    ],
    end,
    revision,
  };
}

/** Index of the first revision that ends at or after `offset`, or null when none does. */
export function revisionAt(revisions: readonly PdfRevision[], offset: number): number | null {
  for (const r of revisions) if (r.endOffset >= offset) return r.index;
  return null;
}

const EOF_MARKER = Buffer.from('%%EOF');

/**
 * The signed bytes end with `%%EOF` and at most a little whitespace: the signature covers a complete
 * revision. Checked on the bytes themselves, so it holds even when the cross-reference chain is damaged.
 */
async function endsAtEofMarker(source: ByteSource, end: number): Promise<boolean> {
  const from = Math.max(0, end - EOF_MARKER.length - MAX_TRAILING_WHITESPACE);
  const tail = await source.read(from, end - from);
  const at = tail.lastIndexOf(EOF_MARKER);
  if (at < 0) return false;
  return tail.subarray(at + EOF_MARKER.length).every(isWhitespace);
}

export function isWhitespace(b: number): boolean {
  return b === 0x0a || b === 0x0d || b === 0x20 || b === 0x09 || b === 0x00 || b === 0x0c;
}
