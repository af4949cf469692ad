import type { PdfValidationResult, SignatureValidation } from '@kyso/validation';

/** One entry of the corpus's expected.json (see ../shared/interop/README.md). */
export interface ExpectedFile {
  readonly file: string;
  readonly signatures: number;
  readonly documentTimestamps: number;
  readonly facts: {
    readonly signatureIntact?: boolean | readonly (boolean | null)[];
    readonly dataIntact?: boolean | readonly (boolean | null)[];
    readonly byteRangeValid?: boolean | readonly (boolean | null)[];
    readonly format?: string | readonly (string | null)[];
    readonly modificationsDetected?: boolean;
    readonly modificationKinds?: readonly string[];
    readonly docMdpPermission?: number;
    readonly expectOverallPass?: boolean;
  };
  readonly note: string;
}

export interface FactComparison {
  readonly file: string;
  readonly fact: string;
  readonly expected: unknown;
  readonly actual: unknown;
  readonly agree: boolean;
}

/** Sub-indications that only say "trust or time could not be established" (the corpus asserts none of that). */
const TRUST_OR_TIME = new Set([
  'NO_CERTIFICATE_CHAIN_FOUND',
  'OUT_OF_BOUNDS_NO_POE',
  'OUT_OF_BOUNDS_NOT_REVOKED',
  'TRY_LATER',
  'REVOKED_NO_POE',
  'REVOKED_CA_NO_POE',
  'CRYPTO_CONSTRAINTS_FAILURE_NO_POE',
  'CHAIN_CONSTRAINTS_FAILURE',
]);

/** Signatures DSS counts: the CMS could be read (DSS drops fields whose CMS it cannot parse). */
export function countedSignatures(result: PdfValidationResult): SignatureValidation[] {
  const unreadable = new Set(['CMS_MALFORMED', 'CMS_TOO_LARGE']);
  return result.signatures.filter(
    (s) => s.kind === 'signature' && !unreadable.has(s.checks.structure.finding?.code ?? ''),
  );
}

/** Document time-stamps DSS counts: an ETSI.RFC3161 dictionary wrongly typed /Sig is not one. */
export function countedTimestamps(result: PdfValidationResult): SignatureValidation[] {
  return result.signatures.filter(
    (s) => s.kind === 'document-timestamp' && !s.findings.some((f) => f.code === 'SIGNATURE_DICT_WRONG_TYPE'),
  );
}

/**
 * kyso's answer would be an unqualified pass if the certificates were trusted: every entry passes or is
 * indeterminate only for trust/time reasons, no time-stamp failed, no change after signing is disallowed.
 */
export function passesIgnoringTrust(result: PdfValidationResult): boolean {
  if (result.verdict === 'ERROR' || result.signatures.length === 0) return false;
  return result.signatures.every(
    (s) =>
      (s.indication === 'TOTAL_PASSED' ||
        (s.indication === 'INDETERMINATE' && TRUST_OR_TIME.has(s.subIndication ?? ''))) &&
      s.timestamps.every((t) => t.indication !== 'TOTAL_FAILED') &&
      s.modifications.verdict !== 'disallowed' &&
      s.modifications.verdict !== 'unknown',
  );
}

/** The DSS page-level kinds kyso can name, from its page facts and change list. */
export function modificationKinds(entries: readonly SignatureValidation[]): Set<string> {
  const kinds = new Set<string>();
  for (const s of entries) {
    const m = s.modifications;
    if (m.pageFacts.pagesAdded.length) kinds.add('pagesAdded');
    if (m.pageFacts.pagesRemoved.length) kinds.add('pagesRemoved');
    if (m.pageFacts.visualChangePages.length) kinds.add('visualDifference');
    if (m.pageFacts.annotationOverlapPages.length) kinds.add('annotationOverlap');
    if (m.pageFacts.annotationsAdded > 0) kinds.add('annotationsAdded');
    if (m.changes.length > 0) kinds.add('objectModifications');
    // Shadow attacks (hide / replace): signed page content swapped or uncovered by a later update. kyso
    // reports the class (a disallowed content change), not the variant name.
    if (
      m.changes.some(
        (c) => !c.allowed && /^page-(content|resources)-changed$|^form-field-(modified|added)$/.test(c.kind),
      )
    ) {
      kinds.add('hiddenContent');
      kinds.add('replacedContent');
    }
  }
  return kinds;
}

function pageLevel(entries: readonly SignatureValidation[]): boolean {
  return entries.some((s) => {
    const p = s.modifications.pageFacts;
    return (
      p.pagesAdded.length +
        p.pagesRemoved.length +
        p.visualChangePages.length +
        p.annotationOverlapPages.length >
      0
    );
  });
}

/** Every asserted fact of one file, compared with kyso's result. */
export function compareFacts(expected: ExpectedFile, result: PdfValidationResult): FactComparison[] {
  const out: FactComparison[] = [];
  const add = (fact: string, exp: unknown, actual: unknown, agree = exp === actual): void => {
    out.push({ file: expected.file, fact, expected: exp, actual, agree });
  };
  const sigs = countedSignatures(result);
  const tss = countedTimestamps(result);
  add('signatures', expected.signatures, sigs.length);
  add('documentTimestamps', expected.documentTimestamps, tss.length);
  // "For files with no signatures, the facts apply to the document time-stamps."
  const subjects = expected.signatures > 0 ? sigs : tss;
  const f = expected.facts;
  const perEntry = (name: string, value: unknown, actualOf: (s: SignatureValidation) => unknown): void => {
    if (value === undefined) return;
    subjects.forEach((s, i) => {
      const exp = Array.isArray(value) ? value[i] : value;
      if (exp === null || exp === undefined) return;
      add(`${name}[${i}]`, exp, actualOf(s));
    });
    if (subjects.length === 0 && !Array.isArray(value)) add(`${name}[*]`, value, 'no entry');
  };
  perEntry('signatureIntact', f.signatureIntact, (s) => s.checks.signatureValue.status === 'passed');
  perEntry('dataIntact', f.dataIntact, (s) => s.checks.messageDigest.status === 'passed');
  perEntry('byteRangeValid', f.byteRangeValid, (s) => s.checks.byteRange.status === 'passed');
  perEntry('format', f.format, (s) => s.format);
  const entries = subjects.length > 0 ? subjects : result.signatures;
  if (f.modificationsDetected !== undefined)
    add('modificationsDetected', f.modificationsDetected, pageLevel(entries));
  if (f.modificationKinds) {
    const kinds = modificationKinds(entries);
    for (const k of f.modificationKinds) add(`modificationKinds.${k}`, true, kinds.has(k));
  }
  if (f.docMdpPermission !== undefined)
    add('docMdpPermission', f.docMdpPermission, result.document.docMdp?.permission ?? null);
  if (f.expectOverallPass === false) {
    add(
      'expectOverallPass=false',
      'no unqualified pass',
      passesIgnoringTrust(result) ? 'unqualified pass' : 'not passed',
      !passesIgnoringTrust(result) && result.verdict !== 'TOTAL_PASSED',
    );
  }
  return out;
}
