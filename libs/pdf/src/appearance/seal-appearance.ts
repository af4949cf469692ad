import { PdfError, PdfErrorCode } from '../errors/pdf-error';
import { AppearanceBuilder } from './appearance-builder';
import type { AppearanceStream } from './appearance-stream';
import { ContentBuilder } from './content-builder';

export interface SealAppearanceOptions {
  /** The red seal on a transparent background. */
  sealImagePng: Uint8Array;
  /**
   * Size in points. Decree 30 wants the seal at actual size: when omitted, the PNG's stated resolution
   * (pHYs) gives it, else `diameterMm` (default 36 mm) sets the width.
   */
  width?: number;
  height?: number;
  diameterMm?: number;
}

const MM = 72 / 25.4;

/**
 * Decree 30 (Appendix I) organisation signature on the main document: the seal image alone. When it is
 * applied over the leader's signature, place it with `sealRectOverLeader` (overlapping a third of the
 * signature image, on its left).
 */
export async function buildSealAppearance(options: SealAppearanceOptions): Promise<AppearanceStream> {
  const builder = new AppearanceBuilder();
  const image = await builder.addPng(options.sealImagePng);
  const aspect = image.pixelHeight / image.pixelWidth;
  let { width, height } = options;
  if (width === undefined && height === undefined) {
    if (image.physicalSize && options.diameterMm === undefined) {
      ({ width, height } = image.physicalSize);
    } else {
      width = (options.diameterMm ?? 36) * MM;
    }
  }
  width ??= (height as number) / aspect;
  height ??= width * aspect;
  if (!(width > 0 && height > 0)) {
    throw new PdfError(PdfErrorCode.INVALID_ARGUMENT, { detail: `seal size ${width}×${height}` });
  }
  const content = new ContentBuilder().image(image, 0, 0, width, height);
  return builder.build(width, height, content.toString());
}
