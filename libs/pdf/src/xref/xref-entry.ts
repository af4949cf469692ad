import type { PdfDict } from '../objects/pdf-objects';

/** One row of a cross-reference section (ISO 32000-1 §7.5.4, §7.5.8.3). */
export type XrefEntry =
  | { readonly type: 'free'; readonly gen: number }
  | { readonly type: 'offset'; readonly offset: number; readonly gen: number }
  | { readonly type: 'compressed'; readonly streamNum: number; readonly index: number };

export type XrefKind = 'table' | 'stream';

/** One cross-reference section as found in the file, with its trailer. */
export interface XrefSection {
  readonly kind: XrefKind;
  /** Offset of the `xref` keyword or of the xref stream's `N G obj`. */
  readonly offset: number;
  /** Offset just after the trailer dictionary (table) or the xref stream object (stream). */
  readonly end: number;
  readonly trailer: PdfDict;
  /** Object number → entry; for hybrid files the /XRefStm entries are merged in. */
  readonly entries: ReadonlyMap<number, XrefEntry>;
  /** Hybrid files: offset of the cross-reference stream named by /XRefStm. */
  readonly xrefStreamOffset?: number;
}
