import { FINDING_TEXTS, type FindingCode } from './finding-catalog';

export type { FindingCode } from './finding-catalog';

export type FindingSeverity = 'error' | 'warning' | 'info';

export type FindingParams = Readonly<Record<string, string | number>>;

/**
 * One thing validation found, as a stable code plus parameters; reports turn it into Vietnamese or English
 * text (`describeFinding`). Results never carry pre-rendered prose, so one result can be shown in both languages.
 */
export interface Finding {
  readonly code: FindingCode;
  readonly severity: FindingSeverity;
  readonly params: FindingParams;
}

export function finding(code: FindingCode, severity: FindingSeverity, params: FindingParams = {}): Finding {
  return { code, severity, params };
}

export const error = (code: FindingCode, params?: FindingParams): Finding => finding(code, 'error', params);
export const warning = (code: FindingCode, params?: FindingParams): Finding =>
  finding(code, 'warning', params);
export const info = (code: FindingCode, params?: FindingParams): Finding => finding(code, 'info', params);

export type Lang = 'vi' | 'en';

/** The finding as one sentence in the requested language. */
export function describeFinding(f: Finding, lang: Lang): string {
  const text = FINDING_TEXTS[f.code];
  return (lang === 'vi' ? text.vi : text.en)(f.params);
}

const SEVERITY_ORDER: Record<FindingSeverity, number> = { error: 0, warning: 1, info: 2 };

/** Errors first, then warnings, then information; stable within a severity. */
export function sortFindings(list: readonly Finding[]): Finding[] {
  return [...list].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}
