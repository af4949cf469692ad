import { PdfDict, PdfObject, PdfRef, PdfStream } from './pdf-objects';

/**
 * A self-contained set of indirect objects with local numbering (e.g. an appearance stream with its
 * font and images), ready to be renumbered into a document by `IncrementalUpdate.importGraph`.
 */
export interface PdfObjectGraph {
  readonly root: PdfRef;
  /** Local object number → object. Every reference inside must point into this map. */
  readonly objects: ReadonlyMap<number, PdfObject>;
}

/** Deep-copies a value, replacing every reference through `map`. */
export function remapReferences(value: PdfObject, map: (ref: PdfRef) => PdfRef): PdfObject {
  if (value instanceof PdfRef) return map(value);
  if (Array.isArray(value)) return value.map((item) => remapReferences(item, map));
  if (value instanceof PdfDict) {
    const out = new PdfDict();
    for (const [key, item] of value.entries()) out.set(key, remapReferences(item, map));
    return out;
  }
  if (value instanceof PdfStream) {
    return new PdfStream(remapReferences(value.dict, map) as PdfDict, value.data, value.location);
  }
  return value;
}
