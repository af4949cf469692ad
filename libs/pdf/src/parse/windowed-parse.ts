import { PdfError, PdfErrorCode } from '../errors/pdf-error';
import { BufferByteSource, type ByteSource } from '../io/byte-source';
import { Lexer, NeedMoreData } from './lexer';

export interface WindowedParseOptions {
  /** First window size; grows ×4 while the object does not fit. */
  initialWindow?: number;
  /** Largest window tried before OBJECT_TOO_LARGE. */
  maxBytes: number;
  recordSpans?: boolean;
}

/**
 * Runs a synchronous parse over a window of the source starting at `offset`, reading a larger window
 * whenever the parse runs into the end of the current one. Only the bytes of one object are read.
 */
export async function parseAt<T>(
  source: ByteSource,
  offset: number,
  parse: (lexer: Lexer) => T,
  options: WindowedParseOptions,
): Promise<T> {
  if (offset < 0 || offset >= source.size) {
    throw new PdfError(PdfErrorCode.XREF_OFFSET_OUT_OF_RANGE, {
      detail: `offset ${offset} outside file of ${source.size} bytes`,
      offset,
    });
  }
  // Bytes already in memory are viewed, not copied: one window up to the limit parses every object in one
  // pass, where growing windows would re-lex a signature's long /Contents several times.
  let size =
    source instanceof BufferByteSource
      ? options.maxBytes
      : Math.min(options.initialWindow ?? 4096, options.maxBytes);
  for (;;) {
    const window = await source.read(offset, size);
    const complete = offset + window.length >= source.size;
    try {
      return parse(new Lexer(window, { base: offset, complete, recordSpans: options.recordSpans }));
    } catch (error) {
      if (!(error instanceof NeedMoreData)) throw error;
      if (size >= options.maxBytes) {
        throw new PdfError(PdfErrorCode.OBJECT_TOO_LARGE, {
          detail: `object at offset ${offset} exceeds ${options.maxBytes} bytes`,
          offset,
        });
      }
      size = Math.min(size * 4, options.maxBytes);
    }
  }
}
