import { PdfError, PdfErrorCode } from '../errors/pdf-error';

export interface PngInfo {
  readonly width: number;
  readonly height: number;
  /** Physical size in points when the PNG states its resolution (pHYs in pixels per metre). */
  readonly physicalSize?: { readonly width: number; readonly height: number };
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const POINTS_PER_METRE = 72 / 0.0254;

/** Reads the header chunks of a PNG (IHDR, pHYs) without decoding pixels. */
export function readPngInfo(png: Uint8Array): PngInfo {
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (buf.length < 33 || !buf.subarray(0, 8).equals(SIGNATURE) || buf.toString('latin1', 12, 16) !== 'IHDR') {
    throw new PdfError(PdfErrorCode.IMAGE_INVALID, { detail: 'missing PNG signature or IHDR' });
  }
  const width = buf.readUInt32BE(16);
  const height = buf.readUInt32BE(20);
  if (width === 0 || height === 0 || width > 20000 || height > 20000) {
    throw new PdfError(PdfErrorCode.IMAGE_INVALID, { detail: `${width}×${height} pixels` });
  }
  let physicalSize: PngInfo['physicalSize'];
  for (let pos = 8; pos + 12 <= buf.length;) {
    const length = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    if (type === 'IDAT' || type === 'IEND') break;
    if (type === 'pHYs' && length >= 9 && pos + 17 <= buf.length && buf[pos + 16] === 1) {
      const ppmX = buf.readUInt32BE(pos + 8);
      const ppmY = buf.readUInt32BE(pos + 12);
      if (ppmX > 0 && ppmY > 0) {
        physicalSize = {
          width: (width / ppmX) * POINTS_PER_METRE,
          height: (height / ppmY) * POINTS_PER_METRE,
        };
      }
    }
    pos += 12 + length;
  }
  return { width, height, physicalSize };
}
