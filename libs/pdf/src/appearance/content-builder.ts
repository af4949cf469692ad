import { formatNumber } from '../objects/pdf-serializer';
import type { AppearanceFont, AppearanceImage } from './appearance-builder';

/** Content-stream operators with numbers formatted the PDF way. */
export class ContentBuilder {
  private readonly ops: string[] = [];

  private n(...values: number[]): string {
    return values.map(formatNumber).join(' ');
  }

  /** Draws `hex` (from `AppearanceFont.encode`) with its baseline starting at (x, y). */
  text(font: AppearanceFont, size: number, x: number, y: number, hex: string, gray = 0): this {
    this.ops.push(
      `BT ${this.n(gray)} g /${font.resourceName} ${this.n(size)} Tf ${this.n(x, y)} Td ${hex} Tj ET`,
    );
    return this;
  }

  /** Paints an image into the box (x, y, w, h). */
  image(image: AppearanceImage, x: number, y: number, w: number, h: number): this {
    this.ops.push(`q ${this.n(w, 0, 0, h, x, y)} cm /${image.resourceName} Do Q`);
    return this;
  }

  toString(): string {
    return this.ops.join('\n') + '\n';
  }
}
