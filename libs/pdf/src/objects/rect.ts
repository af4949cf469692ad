/** A rectangle in default user space as [x, y, width, height] (x, y = lower-left corner). */
export type Rect = readonly [x: number, y: number, width: number, height: number];

/** [0, 0, 0, 0]: the rectangle of an invisible signature widget. */
export const INVISIBLE_RECT: Rect = [0, 0, 0, 0];

/** The PDF /Rect form [llx, lly, urx, ury]. */
export function toPdfRect(rect: Rect): number[] {
  const [x, y, w, h] = rect;
  return [x, y, x + w, y + h];
}
