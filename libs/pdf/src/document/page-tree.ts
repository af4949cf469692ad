import { PdfError, PdfErrorCode } from '../errors/pdf-error';
import { PdfDict, PdfObject, PdfRef } from '../objects/pdf-objects';
import type { PdfReader } from './pdf-reader';

/** A box as [llx, lly, urx, ury], normalized so that ll < ur. */
export type PdfBox = readonly [number, number, number, number];

export interface PdfPage {
  readonly index: number;
  readonly ref: PdfRef;
  readonly dict: PdfDict;
  readonly mediaBox: PdfBox;
  /** The visible region: /CropBox clipped to the media box, or the media box. */
  readonly cropBox: PdfBox;
  readonly rotate: 0 | 90 | 180 | 270;
  /** /Resources after inheritance, unresolved. */
  readonly resources?: PdfObject;
}

const MAX_TREE_DEPTH = 64;
const US_LETTER: PdfBox = [0, 0, 612, 792];

interface Inherited {
  mediaBox?: PdfObject;
  cropBox?: PdfObject;
  rotate?: PdfObject;
  resources?: PdfObject;
}

/** Walks the /Pages tree (ISO 32000-1 §7.7.3) in document order, applying inherited attributes. */
export async function listPages(reader: PdfReader): Promise<PdfPage[]> {
  const catalog = await reader.catalog();
  const rootRef = catalog.get('Pages');
  if (!(rootRef instanceof PdfRef)) {
    throw new PdfError(PdfErrorCode.INVALID_STRUCTURE, {
      detail: 'catalog /Pages must be an indirect reference',
    });
  }
  const pages: PdfPage[] = [];
  await walkPages({ reader, pages, visited: new Set() }, rootRef, {}, 0);
  return pages;
}

interface PageTreeWalk {
  readonly reader: PdfReader;
  readonly pages: PdfPage[];
  readonly visited: Set<string>;
}

// Top-level rather than a closure per call: V8 optimises closures per instance, and validation lists the
// pages of every document of a batch.
async function walkPages(w: PageTreeWalk, ref: PdfRef, inherited: Inherited, depth: number): Promise<void> {
  const { reader, pages, visited } = w;
  if (depth > MAX_TREE_DEPTH) throw new PdfError(PdfErrorCode.NESTING_TOO_DEEP, { detail: 'page tree' });
  if (visited.has(ref.key))
    throw new PdfError(PdfErrorCode.REFERENCE_CYCLE, { detail: `page tree at ${ref.key}` });
  visited.add(ref.key);
  const node = await reader.resolveDict(ref);
  if (!node) return;
  const here: Inherited = {
    mediaBox: node.get('MediaBox') ?? inherited.mediaBox,
    cropBox: node.get('CropBox') ?? inherited.cropBox,
    rotate: node.get('Rotate') ?? inherited.rotate,
    resources: node.get('Resources') ?? inherited.resources,
  };
  const kids = await reader.resolveArray(node.get('Kids'));
  if (node.getName('Type') === 'Pages' || (kids && node.getName('Type') !== 'Page')) {
    for (const kid of kids ?? []) {
      if (kid instanceof PdfRef) await walkPages(w, kid, here, depth + 1);
    }
    return;
  }
  const mediaBox = (await readBox(reader, here.mediaBox)) ?? US_LETTER;
  const crop = await readBox(reader, here.cropBox);
  const rotate = normalizeRotation((await reader.resolveNumber(here.rotate)) ?? 0);
  pages.push({
    index: pages.length,
    ref,
    dict: node,
    mediaBox,
    cropBox: crop ? intersect(crop, mediaBox) : mediaBox,
    rotate,
    resources: here.resources,
  });
}

/** One page by zero-based index; PAGE_NOT_FOUND when out of range. */
export async function getPage(reader: PdfReader, index: number): Promise<PdfPage> {
  const pages = await listPages(reader);
  const page = pages[index];
  if (!Number.isInteger(index) || !page) {
    throw new PdfError(PdfErrorCode.PAGE_NOT_FOUND, { detail: `page ${index + 1} of ${pages.length}` });
  }
  return page;
}

async function readBox(reader: PdfReader, value: PdfObject | undefined): Promise<PdfBox | undefined> {
  if (value === undefined) return undefined;
  const arr = await reader.resolveArray(value);
  if (!arr || arr.length !== 4) return undefined;
  const n: number[] = [];
  for (const item of arr) {
    const v = await reader.resolveNumber(item);
    if (v === undefined) return undefined;
    n.push(v);
  }
  return [Math.min(n[0], n[2]), Math.min(n[1], n[3]), Math.max(n[0], n[2]), Math.max(n[1], n[3])];
}

function intersect(a: PdfBox, b: PdfBox): PdfBox {
  const box: PdfBox = [
    Math.max(a[0], b[0]),
    Math.max(a[1], b[1]),
    Math.min(a[2], b[2]),
    Math.min(a[3], b[3]),
  ];
  return box[0] < box[2] && box[1] < box[3] ? box : b;
}

function normalizeRotation(value: number): 0 | 90 | 180 | 270 {
  const r = (((Math.round(value / 90) * 90) % 360) + 360) % 360;
  return r as 0 | 90 | 180 | 270;
}
