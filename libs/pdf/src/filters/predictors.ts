import { PdfError, PdfErrorCode } from '../errors/pdf-error';

export interface PredictorParams {
  predictor: number;
  colors: number;
  bitsPerComponent: number;
  columns: number;
}

/** Undoes a PNG (10–15) or TIFF (2) predictor applied before compression (ISO 32000-1 §7.4.4.4). */
export function undoPredictor(data: Buffer, params: PredictorParams): Buffer {
  const { predictor, colors, bitsPerComponent, columns } = params;
  if (predictor <= 1) return data;
  if (colors < 1 || colors > 32 || ![1, 2, 4, 8, 16].includes(bitsPerComponent) || columns < 1) {
    throw new PdfError(PdfErrorCode.DECODE_FAILED, { detail: 'invalid predictor parameters' });
  }
  const bytesPerPixel = Math.max(1, Math.ceil((colors * bitsPerComponent) / 8));
  const rowLength = Math.ceil((colors * bitsPerComponent * columns) / 8);
  if (predictor === 2) return undoTiff(data, rowLength, bytesPerPixel, bitsPerComponent);
  if (predictor >= 10) return undoPng(data, rowLength, bytesPerPixel);
  throw new PdfError(PdfErrorCode.UNSUPPORTED_FILTER, { detail: `predictor ${predictor}` });
}

function undoPng(data: Buffer, rowLength: number, bpp: number): Buffer {
  const stride = rowLength + 1;
  const rows = Math.floor(data.length / stride);
  const out = Buffer.alloc(rows * rowLength);
  let prev = Buffer.alloc(rowLength);
  for (let r = 0; r < rows; r++) {
    const type = data[r * stride];
    const src = data.subarray(r * stride + 1, (r + 1) * stride);
    const row = out.subarray(r * rowLength, (r + 1) * rowLength);
    for (let i = 0; i < rowLength; i++) {
      const left = i >= bpp ? row[i - bpp] : 0;
      const up = prev[i];
      const upLeft = i >= bpp ? prev[i - bpp] : 0;
      let v: number;
      switch (type) {
        case 0:
          v = src[i];
          break;
        case 1:
          v = src[i] + left;
          break;
        case 2:
          v = src[i] + up;
          break;
        case 3:
          v = src[i] + ((left + up) >> 1);
          break;
        case 4: {
          const p = left + up - upLeft;
          const pa = Math.abs(p - left);
          const pb = Math.abs(p - up);
          const pc = Math.abs(p - upLeft);
          v = src[i] + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
          break;
        }
        default:
          throw new PdfError(PdfErrorCode.DECODE_FAILED, { detail: `PNG filter type ${type} in row ${r}` });
      }
      row[i] = v & 0xff;
    }
    prev = row;
  }
  return out;
}

function undoTiff(data: Buffer, rowLength: number, bpp: number, bitsPerComponent: number): Buffer {
  if (bitsPerComponent !== 8) {
    throw new PdfError(PdfErrorCode.UNSUPPORTED_FILTER, {
      detail: `TIFF predictor with ${bitsPerComponent} bits`,
    });
  }
  const out = Buffer.from(data);
  for (let start = 0; start + rowLength <= out.length; start += rowLength) {
    for (let i = bpp; i < rowLength; i++) out[start + i] = (out[start + i] + out[start + i - bpp]) & 0xff;
  }
  return out;
}
