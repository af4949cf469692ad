import type { Rect } from '../objects/rect';

/** The largest box with the image's aspect ratio that fits `area`, centred in it. */
export function fitImage(pixelWidth: number, pixelHeight: number, area: Rect): Rect {
  const [x, y, w, h] = area;
  if (w <= 0 || h <= 0) return [x, y, 0, 0];
  const scale = Math.min(w / pixelWidth, h / pixelHeight);
  const iw = pixelWidth * scale;
  const ih = pixelHeight * scale;
  return [x + (w - iw) / 2, y + (h - ih) / 2, iw, ih];
}
