import type { PDFContext } from 'pdf-lib';
import { PdfError, PdfErrorCode } from '../errors/pdf-error';
import { PdfDict, PdfObject, PdfStream } from '../objects/pdf-objects';
import { Lexer } from '../parse/lexer';
import { ObjectParser } from '../parse/object-parser';

/**
 * Copies every indirect object of a scratch pdf-lib context into our object model, keeping pdf-lib's
 * numbers as local numbers. pdf-lib only builds new content (font subsets, images); the objects then
 * go through our incremental writer like any other.
 */
export function transplantFromPdfLib(context: PDFContext): Map<number, PdfObject> {
  const out = new Map<number, PdfObject>();
  for (const [ref, object] of context.enumerateIndirectObjects()) {
    const bytes = Buffer.alloc(object.sizeInBytes());
    object.copyBytesInto(bytes, 0);
    out.set(ref.objectNumber, parseSerializedObject(bytes));
  }
  return out;
}

/** Parses one serialized object; a stream's data is taken by its (direct) /Length. */
export function parseSerializedObject(bytes: Buffer): PdfObject {
  const lexer = new Lexer(bytes);
  const value = new ObjectParser(lexer).parseObject();
  if (!(value instanceof PdfDict) || !lexer.lookingAt('stream')) return value;
  lexer.next();
  const start = lexer.consumeStreamEol() - lexer.base;
  const length = value.getNumber('Length');
  if (length === undefined || start + length > bytes.length) {
    throw new PdfError(PdfErrorCode.INVALID_STRUCTURE, { detail: 'scratch stream without a usable /Length' });
  }
  const dict = value.clone();
  dict.delete('Length');
  return new PdfStream(dict, Buffer.from(bytes.subarray(start, start + length)));
}
