import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';
import { runTool, tempDir } from '../../libs/pdf/testing/external-tools';

// Small PDFs built with pdf-lib or by hand, with exactly known structure: the one PDF maker of every spec.

const A4: [number, number] = [595.28, 841.89];

interface TextPdfOptions {
  pages: number;
  size: [number, number];
  font: StandardFonts;
  /** The line drawn on page `i` (0-based), where and how large. */
  line: (i: number) => { text: string; x: number; y: number; size: number };
  /** Fixed creation and modification dates keep a fixture byte-identical between runs. */
  fixedDate?: Date;
  /** Bytes of an incompressible stream to reach a target size (benchmarks, large-file tests). */
  padBytes?: number;
  objectStreams: boolean;
}

/** Pages with one line of text each; what the presets below share. */
async function textPdf(options: TextPdfOptions): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(options.font);
  for (let i = 0; i < options.pages; i++) {
    const { text, ...at } = options.line(i);
    doc.addPage(options.size).drawText(text, { ...at, font });
  }
  if (options.padBytes) {
    const filler = Buffer.alloc(options.padBytes);
    for (let i = 0; i < filler.length; i++) filler[i] = (i * 2654435761) >>> 24;
    doc.context.register(doc.context.stream(filler));
  }
  if (options.fixedDate) {
    doc.setCreationDate(options.fixedDate);
    doc.setModificationDate(options.fixedDate);
  }
  return Buffer.from(await doc.save({ useObjectStreams: options.objectStreams }));
}

/**
 * A PDF with `pages` pages and a line of text each, classic xref table (no object streams), byte-identical
 * between runs: what libs/pdf's specs take apart.
 */
export async function simplePdf(
  options: { pages?: number; objectStreams?: boolean; size?: [number, number] } = {},
) {
  return textPdf({
    pages: options.pages ?? 1,
    size: options.size ?? A4,
    font: StandardFonts.Helvetica,
    line: (i) => ({ text: `Page ${i + 1}`, x: 50, y: 700, size: 24 }),
    fixedDate: new Date('2025-01-01T00:00:00Z'),
    objectStreams: options.objectStreams ?? false,
  });
}

/** A small unsigned commune document (classic xref table) with `pages` A4 pages of text: what gets signed. */
export async function makePdf(
  options: { pages?: number; title?: string; padBytes?: number } = {},
): Promise<Buffer> {
  return textPdf({
    pages: options.pages ?? 1,
    size: A4,
    font: StandardFonts.TimesRoman,
    line: (i) => ({
      text: `${options.title ?? 'Quyet dinh so 05/QD-UBND'} - trang ${i + 1}`,
      x: 72,
      y: 760,
      size: 14,
    }),
    padBytes: options.padBytes,
    objectStreams: false,
  });
}

/** The same document rewritten by qpdf with object streams and an xref stream. */
export function toXrefStream(pdf: Buffer): Buffer {
  const { dir, cleanup } = tempDir();
  try {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    const r = runTool('qpdf', ['--object-streams=generate', join(dir, 'in.pdf'), join(dir, 'out.pdf')]);
    if (r.status !== 0) throw new Error(`qpdf failed: ${r.stderr}`);
    return readFileSync(join(dir, 'out.pdf'));
  } finally {
    cleanup();
  }
}

/**
 * The document with an empty, invisible signature field `name` on page 1: a widget merged with its field,
 * listed in a direct /AcroForm dictionary (classic xref table), as office suites and e-office systems write a
 * "sign here" placeholder.
 */
export async function withEmptySignatureField(pdf: Buffer, name = 'Sig1'): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const page = doc.getPage(0);
  const widget = doc.context.register(
    doc.context.obj({
      Type: 'Annot',
      Subtype: 'Widget',
      FT: 'Sig',
      T: PDFString.of(name),
      Rect: [0, 0, 0, 0],
      F: 132,
      P: page.ref,
    }),
  );
  page.node.set(PDFName.of('Annots'), doc.context.obj([widget]));
  doc.catalog.set(PDFName.of('AcroForm'), doc.context.obj({ Fields: [widget] }));
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

export type EolStyle = 'crlf' | 'space-lf' | 'lf';

/**
 * Assembles a PDF from object bodies (object i+1 = bodies[i]) with a classic xref table. Offsets are
 * computed, so tests can then damage exactly one thing.
 */
export function handMadePdf(
  bodies: readonly (string | Buffer)[],
  options: { trailer?: string; eol?: EolStyle; header?: string } = {},
): Buffer {
  const parts: Buffer[] = [Buffer.from(options.header ?? '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let length = parts[0].length;
  const offsets: number[] = [];
  bodies.forEach((body, i) => {
    offsets.push(length);
    const chunk = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`, 'latin1'),
      typeof body === 'string' ? Buffer.from(body, 'latin1') : body,
      Buffer.from('\nendobj\n', 'latin1'),
    ]);
    parts.push(chunk);
    length += chunk.length;
  });
  const eol = { crlf: '\r\n', 'space-lf': ' \n', lf: '\n' }[options.eol ?? 'crlf'];
  const xrefOffset = length;
  let xref = `xref\n0 ${bodies.length + 1}\n0000000000 65535 f${eol}`;
  for (const off of offsets) xref += `${String(off).padStart(10, '0')} 00000 n${eol}`;
  xref += `trailer\n${options.trailer ?? `<< /Size ${bodies.length + 1} /Root 1 0 R >>`}\nstartxref\n${xrefOffset}\n%%EOF\n`;
  parts.push(Buffer.from(xref, 'latin1'));
  return Buffer.concat(parts);
}

/** Catalog (1), pages (2), one page (3) — the minimal valid document body for `handMadePdf`. */
export const MINIMAL_BODIES = [
  '<< /Type /Catalog /Pages 2 0 R >>',
  '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
  '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
];

/**
 * A hybrid-reference file (ISO 32000-1 §7.5.8.4): the page (object 3) lives in an object stream that only
 * the /XRefStm stream lists; the classic table marks it free so old readers skip it.
 */
export function hybridPdf(): Buffer {
  const page = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 400] >>';
  const objStmHeader = '3 0 ';
  const objStmData = objStmHeader + page;
  const chunks: Buffer[] = [];
  let length = 0;
  const push = (data: string | Buffer): number => {
    const at = length;
    const buf = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    chunks.push(buf);
    length += buf.length;
    return at;
  };
  push('%PDF-1.5\n%\xe2\xe3\xcf\xd3\n');
  const o1 = push('1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n');
  const o2 = push('2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n');
  const o4 = push(
    `4 0 obj\n<< /Type /ObjStm /N 1 /First ${objStmHeader.length} /Length ${objStmData.length} >>\nstream\n${objStmData}\nendstream\nendobj\n`,
  );
  const row = Buffer.from([2, 0, 0, 0, 4, 0, 0]);
  const o5 = push(
    Buffer.concat([
      Buffer.from(
        `5 0 obj\n<< /Type /XRef /Size 6 /W [1 4 2] /Index [3 1] /Length ${row.length} >>\nstream\n`,
        'latin1',
      ),
      row,
      Buffer.from('\nendstream\nendobj\n', 'latin1'),
    ]),
  );
  const entry = (off: number) => `${String(off).padStart(10, '0')} 00000 n\r\n`;
  const xref = push(
    'xref\n0 6\n0000000000 65535 f\r\n' +
      entry(o1) +
      entry(o2) +
      '0000000000 00001 f\r\n' +
      entry(o4) +
      entry(o5) +
      `trailer\n<< /Size 6 /Root 1 0 R /XRefStm ${o5} >>\n`,
  );
  push(`startxref\n${xref}\n%%EOF\n`);
  return Buffer.concat(chunks);
}
