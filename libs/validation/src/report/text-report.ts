import { describeFinding, type Finding, type Lang } from '../model/finding';
import type { PdfValidationResult, SignatureValidation } from '../model/validation-result';
import { CHANGE_TEXT, formatTime, LABELS, SUB_INDICATION_TEXT, t, VERDICT_TEXT } from './report-texts';

const MARK: Record<Finding['severity'], string> = { error: '✗', warning: '!', info: '·' };

/** The verdict line of one signature: "HỢP LỆ" or "KHÔNG HỢP LỆ — nội dung đã bị thay đổi sau khi ký". */
export function indicationLine(
  s: Pick<SignatureValidation, 'indication' | 'subIndication'>,
  lang: Lang,
): string {
  const head = t(VERDICT_TEXT[s.indication], lang);
  return s.subIndication
    ? `${head} — ${t(SUB_INDICATION_TEXT[s.subIndication], lang)} (${s.indication}/${s.subIndication})`
    : `${head} (${s.indication})`;
}

/** A plain-text report of one file for terminals and logs, in Vietnamese by default. */
export function toTextReport(
  result: PdfValidationResult,
  options: { file: string; lang: Lang; verbose?: boolean },
): string {
  const { lang } = options;
  const out: string[] = [];
  const L = (k: keyof typeof LABELS): string => t(LABELS[k], lang);
  out.push(`${L('file')}: ${options.file}`);
  const count = result.signatures.length;
  out.push(`${L('verdict')}: ${t(VERDICT_TEXT[result.verdict], lang)}${count ? ` (${count})` : ''}`);
  if (result.error)
    out.push(`  ${MARK.error} ${lang === 'vi' ? result.error.messageVi : result.error.message}`);
  for (const f of result.findings)
    if (options.verbose || f.severity !== 'info')
      out.push(`  ${MARK[f.severity]} ${describeFinding(f, lang)}`);
  if (count === 0 && !result.error) out.push(`  ${L('noSignatures')}`);
  for (const s of result.signatures) out.push(...signatureLines(s, lang, options.verbose ?? false));
  return `${out.join('\n')}\n`;
}

function signatureLines(s: SignatureValidation, lang: Lang, verbose: boolean): string[] {
  const L = (k: keyof typeof LABELS): string => t(LABELS[k], lang);
  const out: string[] = [];
  const title = s.kind === 'signature' ? L('signature') : L('documentTimestamp');
  const field = s.fieldNames.length ? ` — ${L('field')} "${s.fieldNames.join('", "')}"` : '';
  out.push('');
  out.push(`  ${title} ${s.index + 1}${field}: ${indicationLine(s, lang)}`);
  if (s.signer) {
    out.push(
      `    ${s.kind === 'signature' ? L('signer') : L('tsa')}: ${s.signer.name}${s.signer.organisation && s.signer.organisation !== s.signer.name ? ` — ${s.signer.organisation}` : ''}`,
    );
    if (s.signer.note) out.push(`      ${s.signer.note}`);
    out.push(`    ${L('issuer')}: ${s.signer.issuer}`);
    out.push(`    ${L('serial')}: ${s.signer.serialHex}`);
    out.push(`    ${L('validity')}: ${formatTime(s.signer.notBefore)} → ${formatTime(s.signer.notAfter)}`);
  }
  if (s.kind === 'signature') {
    out.push(`    ${L('claimedTime')}: ${formatTime(s.signingTime.claimed)}`);
    out.push(`    ${L('provenTime')}: ${formatTime(s.signingTime.proven)}`);
    out.push(`    ${L('level')}: ${s.level ?? '—'} (${L('format')} ${s.format})`);
  } else {
    out.push(`    ${L('provenTime')}: ${formatTime(s.signingTime.claimed)}`);
  }
  if (s.reason) out.push(`    ${L('reason')}: ${s.reason}`);
  out.push(`    ${L('coverage')}: ${s.coverage.coversWholeDocument ? L('wholeDocument') : L('partial')}`);
  const changes = s.modifications.changes;
  if (changes.length === 0) out.push(`    ${L('changes')}: ${L('none')}`);
  else {
    out.push(`    ${L('changes')}:`);
    for (const c of dedupeChanges(changes, lang)) out.push(`      ${c}`);
  }
  const findings = s.findings.filter((f) => verbose || f.severity !== 'info');
  if (findings.length) {
    out.push(`    ${L('findings')}:`);
    for (const f of findings) out.push(`      ${MARK[f.severity]} ${describeFinding(f, lang)}`);
  }
  return out;
}

function dedupeChanges(changes: SignatureValidation['modifications']['changes'], lang: Lang): string[] {
  const L = (k: keyof typeof LABELS): string => t(LABELS[k], lang);
  const counts = new Map<string, number>();
  for (const c of changes) {
    const where = c.page ? ` (${L('page')} ${c.page})` : '';
    const field = c.fieldName ? ` "${c.fieldName}"` : '';
    const line = `${c.allowed ? '·' : '✗'} ${t(CHANGE_TEXT[c.kind], lang)}${field}${where} — ${c.allowed ? L('allowed') : L('notAllowed')}`;
    counts.set(line, (counts.get(line) ?? 0) + 1);
  }
  return [...counts].map(([line, n]) => (n > 1 ? `${line} ×${n}` : line));
}
