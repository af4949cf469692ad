import { AppearanceBuilder } from './appearance-builder';
import type { AppearanceStream } from './appearance-stream';
import { ContentBuilder } from './content-builder';

export interface TextStampOptions {
  /** e.g. ['05/QĐ-UBND', '2025-07-14T09:30:12+07:00'] for an attachment, or copy type / organisation / time. */
  lines: readonly string[];
  /** Decree 30: 10 pt. */
  fontSize?: number;
  /** TrueType bytes; default the bundled Liberation Serif (Times New Roman metrics). */
  font?: Uint8Array;
  /** Space around the text, in points (default 2). */
  padding?: number;
  /** Line alignment inside the box (default 'right', fitting a top-right stamp). */
  align?: 'left' | 'right';
}

/**
 * Decree 30 (Appendix I) stamp for attachments and electronic copies: black text, no image, sized to
 * its lines. Place it with `topRightStampRect`.
 */
export async function buildTextStampAppearance(options: TextStampOptions): Promise<AppearanceStream> {
  const { lines, fontSize = 10, padding = 2, align = 'right' } = options;
  const builder = new AppearanceBuilder();
  const font = await builder.addFont(options.font, lines);
  const lineHeight = fontSize * 1.2;
  const widths = lines.map((line) => font.widthOf(line, fontSize));
  const width = Math.max(1, ...widths) + 2 * padding;
  const height = lines.length * lineHeight + 2 * padding;
  const content = new ContentBuilder();
  const ascent = font.ascent(fontSize);
  const descent = -font.descent(fontSize);
  lines.forEach((line, i) => {
    // Glyphs are centred vertically in line box i (counted from the top).
    const boxBottom = height - padding - (i + 1) * lineHeight;
    const y = boxBottom + (lineHeight - ascent - descent) / 2 + descent;
    const x = align === 'right' ? width - padding - widths[i] : padding;
    content.text(font, fontSize, x, y, font.encode(line));
  });
  return builder.build(width, height, content.toString());
}
