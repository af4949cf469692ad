import type { PdfObjectGraph } from '../objects/pdf-object-graph';
import type { Rect } from '../objects/rect';

/**
 * A finished appearance: a Form XObject (the graph's root) with its fonts and images, independent of any
 * document until `prepareSignature` imports it. Its /BBox is [0 0 width height].
 */
export interface AppearanceStream extends PdfObjectGraph {
  readonly width: number;
  readonly height: number;
}

/** A leader's appearance also says where the signature image sits (for placing the seal over it). */
export interface LeaderAppearance extends AppearanceStream {
  /** The drawn signature image inside the appearance, in appearance coordinates; absent without image. */
  readonly imageBox?: Rect;
}
