import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import fontkit from '@pdf-lib/fontkit';
import { CustomFontSubsetEmbedder, PDFContext, PDFRef, PngEmbedder } from 'pdf-lib';
import { PdfError, PdfErrorCode } from '../errors/pdf-error';
import { PdfDict, PdfName, PdfRef, PdfStream } from '../objects/pdf-objects';
import type { AppearanceStream } from './appearance-stream';
import { loadBundledFont } from './bundled-font';
import { transplantFromPdfLib } from './pdf-lib-transplant';
import { readPngInfo } from './png-info';

/** A font usable in one appearance: Type0 / CIDFontType2, Identity-H, subset to the glyphs used, with /ToUnicode. */
export interface AppearanceFont {
  readonly resourceName: string;
  /** The text as a hex string of glyph ids, ready for `Tj`. */
  encode(text: string): string;
  widthOf(text: string, size: number): number;
  /** Ascender and descender (negative) at `size`. */
  ascent(size: number): number;
  descent(size: number): number;
}

export interface AppearanceImage {
  readonly resourceName: string;
  readonly pixelWidth: number;
  readonly pixelHeight: number;
  /** Physical size in points when the PNG states its resolution. */
  readonly physicalSize?: { readonly width: number; readonly height: number };
}

/**
 * Collects fonts and images in a scratch pdf-lib context, takes a content stream, and produces a
 * self-contained {@link AppearanceStream}. Text is NFC-normalised so decomposed Vietnamese input uses the
 * font's precomposed glyphs.
 */
export class AppearanceBuilder {
  private readonly context = PDFContext.create();
  private readonly fonts: { name: string; ref: PDFRef; embedder: CustomFontSubsetEmbedder }[] = [];
  private readonly images: { name: string; ref: PDFRef }[] = [];

  /**
   * Adds a font. `texts` are the strings the appearance will show: they name the subset deterministically
   * (same text, same bytes).
   */
  async addFont(fontBytes: Uint8Array | undefined, texts: readonly string[]): Promise<AppearanceFont> {
    const bytes = fontBytes ?? (await loadBundledFont());
    let embedder: CustomFontSubsetEmbedder;
    try {
      const probe = fontkit.create(bytes);
      const tag = subsetTag(texts);
      embedder = await CustomFontSubsetEmbedder.for(
        fontkit,
        bytes,
        `${tag}+${probe.postscriptName ?? 'Font'}`,
      );
      const missing = [...new Set(texts.join('').normalize('NFC'))].filter(
        (c) => c.trim() !== '' && !probe.hasGlyphForCodePoint(c.codePointAt(0) as number),
      );
      if (missing.length > 0) {
        throw new PdfError(PdfErrorCode.FONT_INVALID, {
          detail: `no glyph for ${JSON.stringify(missing.join(''))}`,
        });
      }
    } catch (error) {
      if (error instanceof PdfError) throw error;
      throw new PdfError(PdfErrorCode.FONT_INVALID, { detail: String(error), cause: error });
    }
    const name = `F${this.fonts.length + 1}`;
    this.fonts.push({ name, ref: this.context.nextRef(), embedder });
    const scale = 1000 / embedder.font.unitsPerEm;
    return {
      resourceName: name,
      encode: (text) => embedder.encodeText(text.normalize('NFC')).toString(),
      widthOf: (text, size) => embedder.widthOfTextAtSize(text.normalize('NFC'), size),
      ascent: (size) => (embedder.font.ascent * scale * size) / 1000,
      descent: (size) => (embedder.font.descent * scale * size) / 1000,
    };
  }

  /** Adds a PNG; an alpha channel becomes the image's /SMask. */
  async addPng(png: Uint8Array): Promise<AppearanceImage> {
    const info = readPngInfo(png);
    const ref = this.context.nextRef();
    try {
      const embedder = await PngEmbedder.for(png);
      await embedder.embedIntoContext(this.context, ref);
    } catch (error) {
      throw new PdfError(PdfErrorCode.IMAGE_INVALID, { detail: String(error), cause: error });
    }
    const name = `Im${this.images.length + 1}`;
    this.images.push({ name, ref });
    return {
      resourceName: name,
      pixelWidth: info.width,
      pixelHeight: info.height,
      physicalSize: info.physicalSize,
    };
  }

  /** Embeds the font subsets and returns the Form XObject with everything it uses. */
  async build(width: number, height: number, content: string): Promise<AppearanceStream> {
    if (!(width > 0 && height > 0)) {
      throw new PdfError(PdfErrorCode.INVALID_ARGUMENT, { detail: `appearance size ${width}×${height}` });
    }
    for (const font of this.fonts) await font.embedder.embedIntoContext(this.context, font.ref);
    const objects = transplantFromPdfLib(this.context);
    const rootNum = Math.max(0, ...objects.keys()) + 1;
    const fontDict = new PdfDict(
      this.fonts.map((f) => [f.name, new PdfRef(f.ref.objectNumber)] as [string, PdfRef]),
    );
    const imageDict = new PdfDict(
      this.images.map((i) => [i.name, new PdfRef(i.ref.objectNumber)] as [string, PdfRef]),
    );
    const resources = new PdfDict();
    if (fontDict.size > 0) resources.set('Font', fontDict);
    if (imageDict.size > 0) resources.set('XObject', imageDict);
    objects.set(
      rootNum,
      new PdfStream(
        new PdfDict({
          Type: new PdfName('XObject'),
          Subtype: new PdfName('Form'),
          BBox: [0, 0, width, height],
          Resources: resources,
          Filter: new PdfName('FlateDecode'),
        }),
        deflateSync(Buffer.from(content, 'latin1')),
      ),
    );
    return { root: new PdfRef(rootNum), objects, width, height };
  }
}

/** Six upper-case letters derived from the text, as the subset prefix of /BaseFont (ISO 32000-1 §9.6.4). */
function subsetTag(texts: readonly string[]): string {
  const digest = createHash('sha256').update(texts.join('\u0000')).digest();
  return [...digest.subarray(0, 6)].map((b) => String.fromCharCode(65 + (b % 26))).join('');
}
