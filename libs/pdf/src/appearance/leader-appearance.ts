import { formatIsoDateTime, VIETNAM_UTC_OFFSET_MINUTES } from '../objects/pdf-date';
import type { Rect } from '../objects/rect';
import { AppearanceBuilder, AppearanceFont } from './appearance-builder';
import type { LeaderAppearance } from './appearance-stream';
import { ContentBuilder } from './content-builder';
import { fitImage } from './fit-image';

export interface LeaderAppearanceOptions {
  signerName: string;
  /** Signing authority and title; "\n" separates lines, e.g. "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH". */
  title: string;
  /** Shown in a small line under the name when given. */
  signingTime?: Date;
  utcOffsetMinutes?: number;
  /** The handwritten signature: blue ink on a transparent background. */
  signatureImagePng?: Uint8Array;
  width: number;
  height: number;
  /** TrueType bytes; default the bundled Liberation Serif. */
  font?: Uint8Array;
  /** Default 11 pt; lines that do not fit the width shrink. */
  fontSize?: number;
}

const PADDING = 2;

/**
 * Decree 30 (Appendix I) leader's signature: title at the top, the signature image centred between title
 * and name, the name at the bottom, then the signing time. All text is black.
 */
export async function buildLeaderAppearance(options: LeaderAppearanceOptions): Promise<LeaderAppearance> {
  const { width, height, fontSize = 11 } = options;
  const titleLines = options.title.split('\n').filter((l) => l.trim() !== '');
  const timeLine = options.signingTime
    ? `Ký ngày: ${formatIsoDateTime(options.signingTime, options.utcOffsetMinutes ?? VIETNAM_UTC_OFFSET_MINUTES)}`
    : undefined;
  const builder = new AppearanceBuilder();
  const font = await builder.addFont(options.font, [...titleLines, options.signerName, timeLine ?? '']);
  const content = new ContentBuilder();
  const inner = width - 2 * PADDING;

  const fitted = (text: string, size: number) =>
    Math.min(size, (size * inner) / Math.max(1, font.widthOf(text, size)));
  const centred = (text: string, size: number, baseline: number) => {
    const s = fitted(text, size);
    content.text(font, s, (width - font.widthOf(text, s)) / 2, baseline, font.encode(text));
  };
  const lineHeight = fontSize * 1.25;

  // Title block from the top.
  let top = height - PADDING;
  for (const line of titleLines) {
    centred(line, fontSize, top - baselineOffset(font, fontSize));
    top -= lineHeight;
  }
  // Name (and time) block from the bottom.
  let bottom = PADDING;
  if (timeLine) {
    const small = fontSize * 0.75;
    centred(timeLine, small, bottom + -font.descent(small));
    bottom += small * 1.25;
  }
  centred(options.signerName, fontSize, bottom + -font.descent(fontSize));
  bottom += lineHeight;

  let imageBox: Rect | undefined;
  if (options.signatureImagePng) {
    const image = await builder.addPng(options.signatureImagePng);
    const area: Rect = [PADDING, bottom, inner, Math.max(0, top - bottom)];
    imageBox = fitImage(image.pixelWidth, image.pixelHeight, area);
    if (imageBox[2] > 0 && imageBox[3] > 0) content.image(image, ...imageBox);
  }
  const appearance = await builder.build(width, height, content.toString());
  return { ...appearance, imageBox };
}

/** Distance from the top of a line box to its baseline. */
function baselineOffset(font: AppearanceFont, size: number): number {
  return font.ascent(size);
}
