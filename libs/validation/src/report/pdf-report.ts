import { promises as fs } from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, type PDFPage, rgb, type RGB } from 'pdf-lib';
import { loadBundledFont } from '@kyso/pdf';
import { describeFinding, type Lang } from '../model/finding';
import type { FileVerdict, PdfValidationResult, SignatureValidation } from '../model/validation-result';
import { indicationLine } from './text-report';
import { CHANGE_TEXT, formatTime, LABELS, t, VERDICT_TEXT } from './report-texts';

/** Used only when libs/pdf's bundled Liberation Serif cannot be found (e.g. a stripped build). */
const FALLBACK_FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 42;

const COLOURS: Record<FileVerdict, RGB> = {
  TOTAL_PASSED: rgb(0.1, 0.5, 0.2),
  TOTAL_FAILED: rgb(0.75, 0.1, 0.1),
  INDETERMINATE: rgb(0.8, 0.5, 0.05),
  NO_SIGNATURE: rgb(0.4, 0.4, 0.4),
  ERROR: rgb(0.4, 0.4, 0.4),
};

let fontBytes: Promise<Uint8Array> | undefined;

async function unicodeFont(): Promise<Uint8Array> {
  fontBytes ??= loadBundledFont().catch(() => fs.readFile(FALLBACK_FONT));
  return fontBytes;
}

/** Writes lines top-down on one page, wrapping and stopping (with an ellipsis line) at the bottom margin. */
class PageWriter {
  private y: number;
  full = false;

  constructor(
    private readonly page: PDFPage,
    private readonly font: PDFFont,
  ) {
    this.y = page.getHeight() - MARGIN;
  }

  line(text: string, size = 9.5, options: { colour?: RGB; indent?: number; gap?: number } = {}): void {
    const indent = options.indent ?? 0;
    const width = this.page.getWidth() - 2 * MARGIN - indent;
    for (const part of wrap(text, this.font, size, width)) {
      if (this.full) return;
      if (this.y - size < MARGIN + 14) {
        this.page.drawText('…', { x: MARGIN, y: this.y - size, size, font: this.font });
        this.full = true;
        return;
      }
      this.y -= size * 1.3;
      this.page.drawText(part, {
        x: MARGIN + indent,
        y: this.y,
        size,
        font: this.font,
        color: options.colour ?? rgb(0, 0, 0),
      });
    }
    this.y -= options.gap ?? 0;
  }

  rule(): void {
    if (this.full) return;
    this.y -= 4;
    this.page.drawLine({
      start: { x: MARGIN, y: this.y },
      end: { x: this.page.getWidth() - MARGIN, y: this.y },
      thickness: 0.5,
      color: rgb(0.6, 0.6, 0.6),
    });
    this.y -= 2;
  }

  get remaining(): number {
    return this.y - MARGIN;
  }
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    const candidate = current ? `${current} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= width || !current) current = candidate;
    else {
      lines.push(current);
      current = word;
    }
  }
  if (current) lines.push(current);
  return lines.length ? lines : [''];
}

/**
 * A one-page PDF summary of one file's validation, in Vietnamese by default, with a Unicode TrueType font
 * embedded (subset) so that diacritics render everywhere. The JSON report is the complete record.
 */
export async function toPdfReport(
  result: PdfValidationResult,
  options: { file: string; lang: Lang; generatedAt?: Date },
): Promise<Buffer> {
  const { lang } = options;
  const L = (k: keyof typeof LABELS): string => t(LABELS[k], lang);
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(await unicodeFont(), { subset: true });
  doc.setTitle(`${L('title')} — ${options.file}`);
  doc.setProducer('kyso');
  doc.setLanguage(lang === 'vi' ? 'vi-VN' : 'en');
  const page = doc.addPage(A4);
  const w = new PageWriter(page, font);

  w.line(L('title'), 15, { gap: 6 });
  w.line(`${L('file')}: ${options.file}`, 10);
  w.line(`${L('validationTime')}: ${formatTime(result.validationTime)}`, 10);
  if (result.document.sha256) w.line(`${L('sha256')}: ${result.document.sha256}`, 8);
  w.line(`${L('revisions')}: ${result.document.revisions}   ${L('trustAnchors')}: ${result.trustAnchors}`, 9);
  w.line(`${L('verdict')}: ${t(VERDICT_TEXT[result.verdict], lang)}`, 14, {
    colour: COLOURS[result.verdict],
    gap: 4,
  });
  if (result.error)
    w.line(lang === 'vi' ? result.error.messageVi : result.error.message, 10, { colour: COLOURS.ERROR });
  for (const f of result.findings.filter((x) => x.severity !== 'info'))
    w.line(`• ${describeFinding(f, lang)}`, 8.5);
  if (result.signatures.length === 0 && !result.error) w.line(L('noSignatures'), 10);

  for (const s of result.signatures) {
    if (w.full) break;
    w.rule();
    signatureBlock(w, s, lang, result.signatures.length > 6);
  }
  const footer = `${L('generatedBy')} — ${formatTime((options.generatedAt ?? new Date()).toISOString())}`;
  page.drawText(footer, { x: MARGIN, y: MARGIN - 14, size: 7.5, font, color: rgb(0.4, 0.4, 0.4) });
  return Buffer.from(await doc.save());
}

function signatureBlock(w: PageWriter, s: SignatureValidation, lang: Lang, compact: boolean): void {
  const L = (k: keyof typeof LABELS): string => t(LABELS[k], lang);
  const title = s.kind === 'signature' ? L('signature') : L('documentTimestamp');
  const colour = COLOURS[s.indication];
  w.line(
    `${title} ${s.index + 1}${s.fieldNames.length ? ` ("${s.fieldNames[0]}")` : ''}: ${indicationLine(s, lang)}`,
    10.5,
    { colour },
  );
  if (s.signer) {
    const org =
      s.signer.organisation && s.signer.organisation !== s.signer.name ? ` — ${s.signer.organisation}` : '';
    w.line(`${s.kind === 'signature' ? L('signer') : L('tsa')}: ${s.signer.name}${org}`, 9.5, { indent: 10 });
    if (s.signer.note) w.line(s.signer.note, 9, { indent: 20 });
    if (!compact)
      w.line(`${L('issuer')}: ${s.signer.issuer} — ${L('serial')} ${s.signer.serialHex}`, 8.5, {
        indent: 10,
      });
  }
  const times =
    s.kind === 'signature'
      ? `${L('claimedTime')}: ${formatTime(s.signingTime.claimed)}   ${L('provenTime')}: ${formatTime(s.signingTime.proven)}`
      : `${L('provenTime')}: ${formatTime(s.signingTime.claimed)}`;
  w.line(times, 9, { indent: 10 });
  if (s.kind === 'signature')
    w.line(
      `${L('level')}: ${s.level ?? '—'} (${s.format})   ${L('coverage')}: ${s.coverage.coversWholeDocument ? L('wholeDocument') : L('partial')}`,
      9,
      { indent: 10 },
    );
  const disallowed = s.modifications.changes.filter((c) => !c.allowed);
  const changes =
    s.modifications.changes.length === 0
      ? L('none')
      : [
          ...new Set(
            (disallowed.length ? disallowed : s.modifications.changes).map(
              (c) => t(CHANGE_TEXT[c.kind], lang) + (c.page ? ` (${L('page')} ${c.page})` : ''),
            ),
          ),
        ].join('; ') + (disallowed.length ? ` — ${L('notAllowed')}` : ` — ${L('allowed')}`);
  w.line(`${L('changes')}: ${changes}`, 9, {
    indent: 10,
    colour: disallowed.length ? COLOURS.TOTAL_FAILED : undefined,
  });
  const errors = s.findings.filter((f) => f.severity === 'error').slice(0, compact ? 1 : 3);
  for (const f of errors) w.line(`× ${describeFinding(f, lang)}`, 8.5, { indent: 10 });
}
