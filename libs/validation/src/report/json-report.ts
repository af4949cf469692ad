import { describeFinding, type Finding, type Lang } from '../model/finding';
import type {
  CertificateSummary,
  CheckStatus,
  FileVerdict,
  ModificationChange,
  PdfValidationResult,
  SignatureChecks,
  SignatureValidation,
  SignerSummary,
  SigningTime,
} from '../model/validation-result';
import { CHANGE_TEXT, SUB_INDICATION_TEXT, t, VERDICT_TEXT } from './report-texts';

/** Version of the JSON report layout (docs/validation.md, "JSON report"). Bump on incompatible changes. */
export const JSON_REPORT_VERSION = 1;

export interface JsonFinding {
  readonly code: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  readonly params: Readonly<Record<string, string | number>>;
}

export interface JsonChange extends ModificationChange {
  readonly text: string;
}

export interface JsonSignature {
  readonly index: number;
  readonly kind: SignatureValidation['kind'];
  readonly fieldNames: readonly string[];
  readonly subFilter: string | null;
  readonly indication: SignatureValidation['indication'];
  readonly subIndication: SignatureValidation['subIndication'];
  readonly subIndicationText: string | null;
  readonly level: SignatureValidation['level'];
  readonly format: string;
  readonly signer: SignerSummary | null;
  readonly signingTime: SigningTime;
  readonly coversWholeDocument: boolean;
  readonly coverage: SignatureValidation['coverage'];
  readonly modifications: {
    readonly verdict: SignatureValidation['modifications']['verdict'];
    readonly docMdpPermission: 1 | 2 | 3 | null;
    readonly changes: readonly JsonChange[];
    readonly pageFacts: SignatureValidation['modifications']['pageFacts'];
  };
  readonly timestamps: readonly (Omit<SignatureValidation['timestamps'][number], 'findings'> & {
    readonly findings: readonly JsonFinding[];
  })[];
  readonly chain: readonly CertificateSummary[];
  readonly checks: Readonly<
    Record<keyof SignatureChecks, { readonly status: CheckStatus; readonly code: string | null }>
  >;
  readonly digestAlgorithm: string | null;
  readonly signatureAlgorithm: string | null;
  readonly reason: string | null;
  readonly location: string | null;
  readonly findings: readonly JsonFinding[];
}

export interface JsonFileReport {
  readonly file: string;
  readonly verdict: FileVerdict;
  readonly verdictText: string;
  readonly validationTime: string;
  readonly trustAnchors: number;
  readonly document: PdfValidationResult['document'];
  readonly signatures: readonly JsonSignature[];
  readonly findings: readonly JsonFinding[];
  readonly error: PdfValidationResult['error'];
  readonly elapsedMs: number;
}

export interface JsonReport {
  readonly version: number;
  readonly lang: Lang;
  readonly files: readonly JsonFileReport[];
}

function finding(f: Finding, lang: Lang): JsonFinding {
  return { code: f.code, severity: f.severity, message: describeFinding(f, lang), params: f.params };
}

function signature(s: SignatureValidation, lang: Lang): JsonSignature {
  const checks = Object.fromEntries(
    Object.entries(s.checks).map(([name, c]) => [name, { status: c.status, code: c.finding?.code ?? null }]),
  ) as JsonSignature['checks'];
  return {
    index: s.index,
    kind: s.kind,
    fieldNames: s.fieldNames,
    subFilter: s.subFilter,
    indication: s.indication,
    subIndication: s.subIndication,
    subIndicationText: s.subIndication ? t(SUB_INDICATION_TEXT[s.subIndication], lang) : null,
    level: s.level,
    format: s.format,
    signer: s.signer,
    signingTime: s.signingTime,
    coversWholeDocument: s.coverage.coversWholeDocument,
    coverage: s.coverage,
    modifications: {
      verdict: s.modifications.verdict,
      docMdpPermission: s.modifications.docMdpPermission,
      changes: s.modifications.changes.map((c) => ({ ...c, text: t(CHANGE_TEXT[c.kind], lang) })),
      pageFacts: s.modifications.pageFacts,
    },
    timestamps: s.timestamps.map((ts) => ({ ...ts, findings: ts.findings.map((f) => finding(f, lang)) })),
    chain: s.chain,
    checks,
    digestAlgorithm: s.digestAlgorithm,
    signatureAlgorithm: s.signatureAlgorithm,
    reason: s.reason,
    location: s.location,
    findings: s.findings.map((f) => finding(f, lang)),
  };
}

/** The JSON form of one file's result, with every finding rendered in `lang` next to its stable code. */
export function toJsonFileReport(
  result: PdfValidationResult,
  options: { file: string; lang: Lang },
): JsonFileReport {
  const { lang } = options;
  return {
    file: options.file,
    verdict: result.verdict,
    verdictText: t(VERDICT_TEXT[result.verdict], lang),
    validationTime: result.validationTime,
    trustAnchors: result.trustAnchors,
    document: result.document,
    signatures: result.signatures.map((s) => signature(s, lang)),
    findings: result.findings.map((f) => finding(f, lang)),
    error: result.error,
    elapsedMs: result.elapsedMs,
  };
}

/** The document printed by `kyso verify --json`: every file's report in argument order. */
export function toJsonReport(
  files: readonly { file: string; result: PdfValidationResult }[],
  lang: Lang,
): JsonReport {
  return {
    version: JSON_REPORT_VERSION,
    lang,
    files: files.map((f) => toJsonFileReport(f.result, { file: f.file, lang })),
  };
}
