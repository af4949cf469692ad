import { ByteSourceInput, withByteSource } from '../io/byte-source';
import { PdfReader, PdfReaderOptions } from './pdf-reader';

/** Anything a read-only API accepts: a path, bytes, a ByteSource, or an already open reader. */
export type PdfInput = ByteSourceInput | PdfReader;

/** Runs `fn` with a reader; a file opened here from a path is closed afterwards. */
export async function withReader<T>(
  input: PdfInput,
  fn: (reader: PdfReader) => Promise<T>,
  options?: PdfReaderOptions,
): Promise<T> {
  if (input instanceof PdfReader) return fn(input);
  return withByteSource(input, async (source) => fn(await PdfReader.open(source, options)));
}
