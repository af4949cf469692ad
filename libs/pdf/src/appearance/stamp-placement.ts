import type { PdfBox } from '../document/page-tree';
import type { Rect } from '../objects/rect';

/** 5 mm: clear of the page edge, above the usual Decree 30 top margin content. */
const DEFAULT_MARGIN = (5 * 72) / 25.4;

/**
 * The rectangle for a stamp of `size` in the top-right corner of a page box (use the page's crop box,
 * which is its media box unless cropped), `margin` points from both edges.
 */
export function topRightStampRect(
  box: PdfBox,
  size: { readonly width: number; readonly height: number },
  margin = DEFAULT_MARGIN,
): Rect {
  const [, , urx, ury] = box;
  return [urx - margin - size.width, ury - margin - size.height, size.width, size.height];
}

/**
 * Where the organisation's seal goes when applied on the leader's signature (Decree 30, Appendix I): the
 * seal overlaps about one third of the signature image, on its left, centred vertically on the image.
 * `leader` is the leader's appearance and `leaderRect` the rectangle it was placed in.
 */
export function sealRectOverLeader(
  leaderRect: Rect,
  leader: { readonly width: number; readonly height: number; readonly imageBox?: Rect },
  seal: { readonly width: number; readonly height: number },
): Rect {
  const [lx, ly, lw, lh] = leaderRect;
  const sx = lw / leader.width;
  const sy = lh / leader.height;
  const [ix, iy, iw, ih] = leader.imageBox ?? [0, 0, leader.width, leader.height];
  const imageX = lx + ix * sx;
  const imageW = iw * sx;
  const imageCenterY = ly + (iy + ih / 2) * sy;
  return [imageX + imageW / 3 - seal.width, imageCenterY - seal.height / 2, seal.width, seal.height];
}
