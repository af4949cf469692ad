import { PdfError, PdfErrorCode } from '../errors/pdf-error';
import type { ByteSource } from '../io/byte-source';
import { isWhitespace } from './char-classes';
import { searchForward } from './byte-search';
import { ObjectParser, ParsedIndirectObject } from './object-parser';
import type { ParseLimits } from './parse-limits';
import { parseAt } from './windowed-parse';

/** Parses `N G obj …` at `offset`; strings carry their absolute spans (needed for /Contents). */
export function readIndirectObjectAt(
  source: ByteSource,
  offset: number,
  limits: ParseLimits,
): Promise<ParsedIndirectObject> {
  return parseAt(source, offset, (lexer) => new ObjectParser(lexer, limits).parseIndirectObject(), {
    maxBytes: limits.maxObjectBytes,
    recordSpans: true,
  });
}

const ENDSTREAM = Buffer.from('endstream');

/**
 * The length of a stream's data. A declared /Length is trusted only if `endstream` follows it;
 * otherwise the data runs to the end-of-line before the next `endstream` (flagged as repaired).
 */
export async function measureStreamData(
  source: ByteSource,
  dataOffset: number,
  declared: number | undefined,
): Promise<{ length: number; repaired: boolean }> {
  if (
    declared !== undefined &&
    Number.isSafeInteger(declared) &&
    declared >= 0 &&
    dataOffset + declared <= source.size
  ) {
    const probe = await source.read(dataOffset + declared, 48);
    let i = 0;
    while (i < probe.length && isWhitespace(probe[i])) i++;
    if (probe.toString('latin1', i, i + ENDSTREAM.length) === 'endstream') {
      return { length: declared, repaired: false };
    }
  }
  const hit = await searchForward(source, ENDSTREAM, dataOffset);
  if (hit < 0) {
    throw new PdfError(PdfErrorCode.STREAM_UNTERMINATED, {
      detail: `stream data at offset ${dataOffset}`,
      offset: dataOffset,
    });
  }
  let end = hit;
  const before = await source.read(Math.max(dataOffset, hit - 2), hit - Math.max(dataOffset, hit - 2));
  if (before.length === 2 && before[0] === 0x0d && before[1] === 0x0a) end -= 2;
  else if (before.length >= 1 && (before[before.length - 1] === 0x0a || before[before.length - 1] === 0x0d))
    end -= 1;
  return { length: end - dataOffset, repaired: true };
}
