import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import type { Lang } from '../../i18n/labels';
import { registerFonts } from './register-fonts';
import type { RegisterTable } from './register-rows';

const PAGE: [number, number] = [841.89, 595.28]; // A4 landscape
const MARGIN = 28;
const CELL_SIZE = 7.5;
const HEAD_SIZE = 8;
const PAD = 3;
const LINE = 1.25;

/** Splits text into lines that fit `width`, breaking inside words that are longer than a line. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      line = '';
      let rest = word;
      while (font.widthOfTextAtSize(rest, size) > width) {
        let cut = rest.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut--;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}

/**
 * The register as a printable PDF (A4 landscape) with an embedded, subsetted Unicode font so that Vietnamese
 * diacritics render everywhere. Headings repeat on every page; pages are numbered.
 */
export async function renderRegisterPdf(table: RegisterTable, lang: Lang): Promise<Buffer> {
  const fonts = await registerFonts();
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  pdf.setTitle(`${table.title} — ${table.subtitle}`);
  pdf.setProducer('kyso');
  pdf.setCreator('kyso');
  const regular = await pdf.embedFont(fonts.regular, { subset: true });
  const bold = await pdf.embedFont(fonts.bold, { subset: true });

  const usable = PAGE[0] - 2 * MARGIN;
  const totalWeight = table.columns.reduce((n, c) => n + c.width, 0);
  const widths = table.columns.map((c) => (c.width / totalWeight) * usable);
  const xs = widths.map((_, i) => MARGIN + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const headLines = table.columns.map((c, i) => wrap(c.heading, bold, HEAD_SIZE, widths[i] - 2 * PAD));
  const headHeight = Math.max(...headLines.map((l) => l.length)) * HEAD_SIZE * LINE + 2 * PAD;

  const pages: PDFPage[] = [];
  let page!: PDFPage;
  let y = 0;
  const newPage = () => {
    page = pdf.addPage(PAGE);
    pages.push(page);
    y = PAGE[1] - MARGIN;
    if (pages.length === 1) {
      for (const [text, font, size] of [
        [table.organisation, bold, 10],
        [table.title, bold, 14],
        [table.subtitle, regular, 10],
      ] as const) {
        const w = font.widthOfTextAtSize(text, size);
        page.drawText(text, { x: (PAGE[0] - w) / 2, y: y - size, size, font });
        y -= size * 1.6;
      }
      y -= 6;
    }
    drawRow(headLines, headHeight, bold, HEAD_SIZE, true);
  };
  const drawRow = (cells: string[][], height: number, font: PDFFont, size: number, shaded = false) => {
    if (shaded)
      page.drawRectangle({ x: MARGIN, y: y - height, width: usable, height, color: rgb(0.92, 0.92, 0.92) });
    cells.forEach((lines, i) => {
      page.drawRectangle({
        x: xs[i],
        y: y - height,
        width: widths[i],
        height,
        borderColor: rgb(0, 0, 0),
        borderWidth: 0.5,
      });
      lines.forEach((line, j) =>
        page.drawText(line, { x: xs[i] + PAD, y: y - PAD - size - j * size * LINE + 1.5, size, font }),
      );
    });
    y -= height;
  };

  newPage();
  for (const row of table.rows) {
    const cells = row.map((v, i) => wrap(v, regular, CELL_SIZE, widths[i] - 2 * PAD));
    const height = Math.max(1, ...cells.map((l) => l.length)) * CELL_SIZE * LINE + 2 * PAD;
    if (y - height < MARGIN + 14) newPage();
    drawRow(cells, height, regular, CELL_SIZE);
  }
  if (table.rows.length === 0) {
    const text = lang === 'en' ? '(no documents)' : '(chưa có văn bản)';
    page.drawText(text, { x: MARGIN + PAD, y: y - 14, size: 9, font: regular });
  }
  pages.forEach((p, i) => {
    const text = lang === 'en' ? `Page ${i + 1}/${pages.length}` : `Trang ${i + 1}/${pages.length}`;
    p.drawText(text, {
      x: PAGE[0] - MARGIN - regular.widthOfTextAtSize(text, 8),
      y: MARGIN - 14,
      size: 8,
      font: regular,
    });
  });
  return Buffer.from(await pdf.save());
}
