import { createPublicKey } from 'node:crypto';
import type { CertificateInfo } from '@kyso/cms';
import { summarizeCertificate, subjectAttributes, attribute } from '../chain/certificate-summary';
import { type CertificateValidation, validateCertificate } from '../chain/certificate-validation';
import type { DocumentContext } from '../document-context';
import { hasCmsSigningTime } from '../integrity/cms-integrity';
import { detectFormat, type DetectedFormat } from '../level/pades-format';
import { error, type Finding, info, sortFindings, warning } from '../model/finding';
import { failed, indeterminate, type IndicationWithSub, PASSED, worse } from '../model/indication';
import type {
  CheckResult,
  Coverage,
  ModificationReport,
  SignatureChecks,
  SignatureValidation,
  SignerSummary,
  SigningTime,
  TimestampSummary,
} from '../model/validation-result';
import type { SignerCertificateFacts } from '../options/validation-options';
import type { EntryWork } from './entry-preparation';

export interface EvaluationContext {
  readonly ctx: DocumentContext;
  /** Every entry of the document (document time-stamps give proof of existence to earlier signatures). */
  readonly all: readonly EntryWork[];
  readonly modificationsFor: (revision: number | null, end: number | null) => ModificationReport;
  /** Revisions (after a given one) that added or changed the DSS. */
  readonly dssUpdates: readonly number[];
  readonly dssPresent: boolean;
  /** Whether the document carries the certificates and revocation data of every path of these certificates. */
  readonly validationDataComplete: (certs: readonly CertificateInfo[]) => Promise<boolean>;
  readonly describeSigner?: (
    facts: SignerCertificateFacts,
  ) => string | undefined | Promise<string | undefined>;
  readonly fileSize: number;
  readonly lastRevision: number;
  /** Bytes after the last revision's %%EOF that are not whitespace: nobody signed them. */
  readonly trailingGarbage: boolean;
}

const NOT_CHECKED: CheckResult = { status: 'not-checked' };
const PASSED_CHECK: CheckResult = { status: 'passed' };
const SKEW_MS = 5 * 60_000;

/** Turns a prepared and verified entry into its final result (ETSI EN 319 102-1 order of checks). */
export async function evaluateEntry(work: EntryWork, e: EvaluationContext): Promise<SignatureValidation> {
  const { ctx } = e;
  const findings: Finding[] = [...work.findings];
  const checks: { -readonly [K in keyof SignatureChecks]: CheckResult } = {
    byteRange: work.byteRange,
    structure: work.structure,
    messageDigest: NOT_CHECKED,
    signatureValue: NOT_CHECKED,
    signingCertificate: NOT_CHECKED,
    certificateChain: NOT_CHECKED,
    revocation: NOT_CHECKED,
    timestamps: NOT_CHECKED,
    modifications: NOT_CHECKED,
  };
  let conclusion: IndicationWithSub =
    work.structure.status === 'failed' || work.byteRange.status === 'failed'
      ? failed('FORMAT_FAILURE')
      : PASSED;

  const modifications = e.modificationsFor(work.end === null ? null : work.revision, work.end);
  const coverage: Coverage = {
    byteRange: work.info.byteRange ?? [],
    revision: work.revision ?? -1,
    coversWholeDocument: work.end !== null && work.revision === e.lastRevision && !e.trailingGarbage,
    bytesAfter: work.end === null ? 0 : Math.max(0, e.fileSize - work.end),
  };
  if (work.end !== null) {
    checks.modifications = modificationCheck(modifications);
    if (checks.modifications.finding) findings.push(checks.modifications.finding);
    if (modifications.verdict === 'disallowed') conclusion = worse(conclusion, failed('FORMAT_FAILURE'));
    if (modifications.verdict === 'unknown')
      conclusion = worse(conclusion, indeterminate('SIG_CONSTRAINTS_FAILURE'));
    if (modifications.docMdpPermission === 1 && modifications.changes.some((c) => !c.allowed))
      findings.push(error('DOCMDP_NO_CHANGES_ALLOWED'));
    if (!coverage.coversWholeDocument && coverage.bytesAfter > 0)
      findings.push(info('NOT_WHOLE_DOCUMENT', { bytes: coverage.bytesAfter }));
  }

  const timestamps: TimestampSummary[] = [];
  const s: Evaluation = {
    findings,
    checks,
    timestamps,
    conclusion,
    signer: null,
    chain: null,
    format: {
      format: work.kind === 'document-timestamp' ? 'RFC3161' : 'PDF-NOT-ETSI',
      level: null,
      notBaselineBecause: null,
    },
    signingTime: {
      claimed: work.info.signingTime?.toISOString() ?? null,
      claimedSource: work.info.signingTime ? 'pdf-m' : null,
      proven: null,
      provenBy: null,
      bestSignatureTime: ctx.at.toISOString(),
    },
  };
  if (work.kind === 'document-timestamp') await evaluateDocumentTimestamp(work, e, s);
  else if (work.integrity) await evaluateSignature(work, work.integrity, e, s);
  const { signer, chain, format, signingTime } = s;
  conclusion = s.conclusion;
  return {
    index: work.index,
    kind: work.kind,
    fieldNames: work.info.fieldNames,
    subFilter: work.info.subFilter ?? null,
    indication: conclusion.indication,
    subIndication: conclusion.subIndication,
    level: format.level,
    format: format.format,
    signer,
    signingTime,
    digestAlgorithm: work.integrity?.digestAlgorithm ?? null,
    signatureAlgorithm: work.cms?.signers[0]?.signatureAlgorithm.name ?? null,
    coverage,
    timestamps,
    modifications,
    chain: chain ? chain.chain.certificates.map(summarizeCertificate) : [],
    checks,
    findings: sortFindings(dedupe(findings)),
    reason: work.info.reason ?? null,
    location: work.info.location ?? null,
  };
}

/** What the evaluation of one entry builds up; the branch for its kind fills it in. */
interface Evaluation {
  readonly findings: Finding[];
  readonly checks: { -readonly [K in keyof SignatureChecks]: CheckResult };
  readonly timestamps: TimestampSummary[];
  conclusion: IndicationWithSub;
  signer: SignerSummary | null;
  chain: CertificateValidation | null;
  format: DetectedFormat;
  signingTime: SigningTime;
}

// The two kinds of entry are evaluated by separate functions: one function holding both was large enough for V8
// to spend a quarter of a second on each of its many re-optimisations.
async function evaluateDocumentTimestamp(
  work: EntryWork,
  e: EvaluationContext,
  s: Evaluation,
): Promise<void> {
  const { ctx } = e;
  const { findings, checks, timestamps } = s;
  const ts = work.documentTimestamp;
  if (ts) {
    timestamps.push(ts.summary);
    findings.push(...ts.summary.findings);
    checks.timestamps = {
      status:
        ts.summary.indication === 'TOTAL_PASSED'
          ? 'passed'
          : ts.summary.indication === 'TOTAL_FAILED'
            ? 'failed'
            : 'indeterminate',
    };
    checks.signatureValue = ts.cryptoValid ? PASSED_CHECK : { status: 'failed' };
    checks.messageDigest = ts.summary.findings.some((f) => f.code === 'TIMESTAMP_IMPRINT_MISMATCH')
      ? { status: 'failed', finding: error('TIMESTAMP_IMPRINT_MISMATCH') }
      : ts.token
        ? PASSED_CHECK
        : NOT_CHECKED;
    s.conclusion = worse(s.conclusion, {
      indication: ts.summary.indication,
      subIndication: ts.summary.subIndication,
    } as IndicationWithSub);
    if (ts.genTime)
      s.signingTime = {
        ...s.signingTime,
        claimed: ts.genTime.toISOString(),
        claimedSource: null,
        proven: ts.usableAsPoe ? ts.genTime.toISOString() : null,
        provenBy: ts.usableAsPoe ? 'document-timestamp' : null,
        bestSignatureTime: (ts.usableAsPoe ? ts.genTime : ctx.at).toISOString(),
      };
    if (ts.tsaCertificate) s.signer = await describe(ts.tsaCertificate, ts.genTime ?? ctx.at, e);
  }
}

async function evaluateSignature(
  work: EntryWork,
  integrity: NonNullable<EntryWork['integrity']>,
  e: EvaluationContext,
  s: Evaluation,
): Promise<void> {
  const { ctx } = e;
  const { findings, checks, timestamps } = s;
  checks.messageDigest = integrity.messageDigest;
  checks.signatureValue = integrity.signatureValue;
  checks.signingCertificate = integrity.signingCertificate;
  findings.push(...integrity.findings);
  if (integrity.structure.status === 'failed') {
    findings.push(integrity.structure.finding!);
    checks.structure = integrity.structure;
    s.conclusion = worse(s.conclusion, failed('FORMAT_FAILURE'));
  }
  for (const c of [integrity.messageDigest, integrity.signatureValue, integrity.signingCertificate]) {
    if (c.finding) findings.push(c.finding);
  }
  s.conclusion = worse(s.conclusion, integrityConclusion(integrity));
  const signerInfo = integrity.signer;
  const claimed = work.info.signingTime ?? signerInfo.signingTime ?? null;
  s.signingTime = {
    ...s.signingTime,
    claimed: claimed?.toISOString() ?? null,
    claimedSource: work.info.signingTime ? 'pdf-m' : signerInfo.signingTime ? 'cms-signing-time' : null,
  };

  // Time-stamps: the signature's own, then document time-stamps in later revisions.
  for (const ts of work.signatureTimestamps) {
    timestamps.push(ts.summary);
    if (!ts.usableAsPoe) findings.push(warning('TIMESTAMP_NOT_USED', { time: ts.summary.time ?? '?' }));
  }
  const docTimestamps = e.all.filter(
    (o) =>
      o.kind === 'document-timestamp' &&
      o.documentTimestamp &&
      work.revision !== null &&
      o.revision !== null &&
      o.revision > work.revision,
  );
  for (const d of docTimestamps) timestamps.push(d.documentTimestamp!.summary);
  const proofs = [
    ...work.signatureTimestamps
      .filter((t) => t.usableAsPoe && t.genTime)
      .map((t) => ({ time: t.genTime!, by: 'signature-timestamp' as const })),
    ...docTimestamps
      .map((d) => d.documentTimestamp!)
      .filter((t) => t.usableAsPoe && t.genTime)
      .map((t) => ({ time: t.genTime!, by: 'document-timestamp' as const })),
  ].sort((a, b) => a.time.getTime() - b.time.getTime());
  const proof = proofs[0] ?? null;
  s.signingTime = {
    ...s.signingTime,
    proven: proof?.time.toISOString() ?? null,
    provenBy: proof?.by ?? null,
    bestSignatureTime: (proof?.time ?? ctx.at).toISOString(),
  };
  checks.timestamps =
    timestamps.length === 0
      ? NOT_CHECKED
      : timestamps.every((t) => t.indication === 'TOTAL_PASSED')
        ? PASSED_CHECK
        : { status: timestamps.some((t) => t.indication === 'TOTAL_FAILED') ? 'failed' : 'indeterminate' };
  if (proof && claimed && claimed.getTime() > proof.time.getTime() + SKEW_MS) {
    findings.push(
      warning('CLAIMED_TIME_AFTER_TIMESTAMP', {
        claimed: claimed.toISOString(),
        proven: proof.time.toISOString(),
      }),
    );
  }

  const cert = integrity.signerCertificate;
  if (cert) {
    s.signer = await describe(cert, proof?.time ?? ctx.at, e);
    // Every building block is evaluated and reported, as EU DSS does, even when an earlier one failed (a
    // disallowed change, a broken hash): the report then still shows the chain and revocation. The indication
    // keeps the first failure's reason.
    const chain = await validateCertificate(
      { cert, purpose: 'signing', poe: proof?.time ?? null, claimed },
      ctx,
    );
    findings.push(...chain.findings);
    checks.certificateChain = {
      status: chain.chainStatus,
      finding: chain.findings.find((f) => f.severity === 'error'),
    };
    checks.revocation = { status: chain.revocationStatus };
    s.chain = chain;
    if (s.conclusion.indication !== 'TOTAL_FAILED') s.conclusion = worse(s.conclusion, chain.conclusion);
    const weak = weakAlgorithm(integrity, cert, proof?.time ?? ctx.at, ctx);
    if (weak) {
      findings.push(weak);
      s.conclusion = worse(s.conclusion, indeterminate('CRYPTO_CONSTRAINTS_FAILURE_NO_POE'));
    }
  }
  if (work.unsupported) s.conclusion = worse(s.conclusion, indeterminate('SIG_CONSTRAINTS_FAILURE'));
  if (work.info.subFilter === 'ETSI.CAdES.detached' && hasCmsSigningTime(signerInfo))
    findings.push(warning('CMS_SIGNING_TIME_PRESENT'));

  // An ETSI.RFC3161 dictionary typed /Sig is not a document time-stamp for the profile (EU DSS ignores it too).
  const archiveTimestamps = docTimestamps.filter(
    (d) => !d.findings.some((f) => f.code === 'SIGNATURE_DICT_WRONG_TYPE'),
  );
  const lastArchive = e.all.filter((o) => o.kind === 'document-timestamp').at(-1);
  const ltCertificates = [
    ...(cert ? [cert] : []),
    ...work.signatureTimestamps.map((t) => t.tsaCertificate),
    ...archiveTimestamps.filter((d) => d !== lastArchive).map((d) => d.documentTimestamp!.tsaCertificate),
  ].filter((c): c is CertificateInfo => c !== null);
  s.format = detectFormat({
    subFilter: work.info.subFilter,
    cms: work.cms,
    intact: integrity.messageDigest.status === 'passed' && integrity.signatureValue.status === 'passed',
    signatureTimestamps: work.signatureTimestamps.map((t) => ({
      present: t.token !== null,
      valid: t.cryptoValid,
    })),
    documentTimestampsAfter: archiveTimestamps.map((d) => ({
      revision: d.revision!,
      present: d.documentTimestamp!.token !== null,
      valid: d.documentTimestamp!.cryptoValid,
    })),
    dssUpdatesAfter: work.revision === null ? [] : e.dssUpdates.filter((r) => r > work.revision!),
    dssPresent: e.dssPresent,
    validationDataComplete: cert ? await e.validationDataComplete(ltCertificates) : false,
  });
}

/** ETSI order: signer certificate identified, then the hash, then the signature value. */
function integrityConclusion(integrity: NonNullable<EntryWork['integrity']>): IndicationWithSub {
  if (integrity.signatureValue.status === 'indeterminate' && !integrity.signerCertificate)
    return indeterminate('NO_SIGNING_CERTIFICATE_FOUND');
  if (integrity.signingCertificate.status === 'failed') return indeterminate('NO_SIGNING_CERTIFICATE_FOUND');
  if (integrity.messageDigest.status === 'failed') return failed('HASH_FAILURE');
  if (integrity.signatureValue.status === 'failed') return failed('SIG_CRYPTO_FAILURE');
  if (integrity.signatureValue.status === 'indeterminate') return indeterminate('SIG_CONSTRAINTS_FAILURE');
  if (integrity.messageDigest.status === 'indeterminate') return indeterminate('SIGNED_DATA_NOT_FOUND');
  return PASSED;
}

function modificationCheck(report: ModificationReport): CheckResult {
  if (report.verdict === 'unknown') {
    const detail =
      report.changes
        .map((c) => c.detail)
        .filter(Boolean)
        .join('; ') || 'unknown';
    return { status: 'indeterminate', finding: error('MODIFICATION_ANALYSIS_FAILED', { detail }) };
  }
  if (report.verdict === 'disallowed') {
    return {
      status: 'failed',
      finding: error('MODIFICATIONS_DISALLOWED', { count: report.changes.filter((c) => !c.allowed).length }),
    };
  }
  if (report.verdict === 'allowed')
    return { status: 'passed', finding: info('MODIFICATIONS_ALLOWED', { count: report.changes.length }) };
  return PASSED_CHECK;
}

function weakAlgorithm(
  integrity: NonNullable<EntryWork['integrity']>,
  cert: CertificateInfo,
  time: Date,
  ctx: DocumentContext,
): Finding | null {
  const hashes = [integrity.digestAlgorithm, integrity.signer.signatureAlgorithm.hashAlgorithm];
  const weakHash = hashes.find((h) => h === 'sha1' || h === 'md5');
  const since = ctx.cryptoPolicy.sha1AcceptedUntil;
  if (weakHash && time.getTime() >= since.getTime()) {
    return error('WEAK_ALGORITHM', {
      algorithm: weakHash.toUpperCase(),
      since: since.toISOString().slice(0, 10),
    });
  }
  let bits = ctx.cache.keyBits.get(cert.sha256FingerprintHex);
  if (bits === undefined) {
    try {
      bits =
        createPublicKey({ key: cert.spkiDer, format: 'der', type: 'spki' }).asymmetricKeyDetails
          ?.modulusLength ?? null;
    } catch {
      bits = null; // an unusable key already failed the signature check
    }
    ctx.cache.keyBits.set(cert.sha256FingerprintHex, bits);
  }
  if (bits && bits < ctx.cryptoPolicy.minRsaBits)
    return error('WEAK_ALGORITHM', { algorithm: `RSA-${bits}`, since: '—' });
  return null;
}

async function describe(
  cert: CertificateInfo,
  signingTime: Date,
  e: EvaluationContext,
): Promise<SignerSummary> {
  const summary = summarizeCertificate(cert);
  let note: string | null = null;
  if (e.describeSigner) {
    try {
      note =
        (await e.describeSigner({
          subject: summary.subject,
          commonName: summary.commonName,
          organisation: summary.organisation,
          attributes: subjectAttributes(cert),
          serialHex: cert.serialHex,
          issuer: cert.issuer.text,
          notBefore: cert.notBefore,
          notAfter: cert.notAfter,
          sha256: cert.sha256FingerprintHex,
          signingTime,
        })) ?? null;
    } catch {
      note = null; // a failing hook must not change a validation result
    }
  }
  return {
    ...summary,
    name: summary.commonName ?? attribute(cert, '2.5.4.10') ?? summary.subject,
    note,
  };
}

function dedupe(list: Finding[]): Finding[] {
  const seen = new Set<string>();
  return list.filter((f) => {
    const key = `${f.code}|${JSON.stringify(f.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
