import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { requireTool } from './verifiers';

/** A small unsigned PDF (classic xref table) with `pages` A4 pages of text. */
export async function makePdf(
  options: { pages?: number; title?: string; padBytes?: number } = {},
): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  for (let i = 0; i < (options.pages ?? 1); i++) {
    const page = doc.addPage([595.28, 841.89]);
    page.drawText(`${options.title ?? 'Quyet dinh so 05/QD-UBND'} - trang ${i + 1}`, {
      x: 72,
      y: 760,
      size: 14,
      font,
    });
  }
  if (options.padBytes) {
    // An incompressible attachment-like stream to reach a target size (benchmarks, large-file tests).
    const filler = Buffer.alloc(options.padBytes);
    for (let i = 0; i < filler.length; i++) filler[i] = (i * 2654435761) >>> 24;
    doc.context.register(doc.context.stream(filler));
  }
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** The same document rewritten by qpdf with object streams and an xref stream. */
export function toXrefStream(pdf: Buffer): Buffer {
  requireTool('qpdf', 'qpdf');
  const dir = mkdtempSync(join(tmpdir(), 'kyso-xref-'));
  writeFileSync(join(dir, 'in.pdf'), pdf);
  const r = spawnSync('qpdf', ['--object-streams=generate', join(dir, 'in.pdf'), join(dir, 'out.pdf')]);
  if (r.status !== 0) throw new Error(`qpdf failed: ${r.stderr}`);
  return readFileSync(join(dir, 'out.pdf'));
}
