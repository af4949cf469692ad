import { type CertificateInfo, CmsError } from '@kyso/cms';
import { type Finding, info, warning } from '../model/finding';
import type { OnlineFetchers } from './online-fetchers';
import {
  crlIssuedBy,
  evaluateCrl,
  evaluateOcsp,
  type EvidenceResult,
  type RevocationEvidence,
  type RevocationSource,
} from './revocation-evidence';

/** Revocation data found inside the document: the CMS (crls, RFC 5940 OCSP, adbe-revocationInfoArchival) and the DSS. */
export interface EmbeddedRevocationItem {
  readonly der: Buffer;
  readonly source: RevocationSource;
  /** sha256 of the DER, hex: identifies the item in memo keys. */
  readonly id: string;
}

export interface EmbeddedRevocationData {
  readonly ocsps: readonly EmbeddedRevocationItem[];
  readonly crls: readonly EmbeddedRevocationItem[];
}

export interface RevocationContext {
  readonly embedded: EmbeddedRevocationData;
  /** Undefined when offline. */
  readonly fetchers?: OnlineFetchers;
  readonly signal?: AbortSignal;
  /** Evaluations already made in this run (same DER, same certificate and issuer). */
  readonly memo: {
    get(key: string): EvidenceResult | undefined;
    set(key: string, value: EvidenceResult): void;
  };
}

export interface RevocationOutcome {
  /**
   * `good`: not revoked at the time asked about (possibly revoked later: see `revokedAt`);
   * `revoked`: revoked at or before that time; `unknown`: no acceptable evidence.
   */
  readonly status: 'good' | 'revoked' | 'unknown';
  readonly revokedAt?: Date;
  readonly evidence?: RevocationEvidence;
  readonly findings: readonly Finding[];
  /** Certificates carried by the evidence (delegated OCSP responders). */
  readonly certificates: readonly Buffer[];
}

/** A "good" statement issued a little before the time of interest is still accepted (clocks of TSA and OCSP responder differ). */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Revocation status of `cert` at `time` (its best signature time). Order: data in the document first
 * (it is what a B-LT signature was extended with), then the certificate's OCSP responders, then its CRL
 * distribution points. A "good" statement counts only if it was issued at or after `time`: an older one
 * says nothing about the moment of signing. Online answers are current by construction.
 */
export async function checkRevocation(
  cert: CertificateInfo,
  issuer: CertificateInfo,
  time: Date,
  ctx: RevocationContext,
): Promise<RevocationOutcome> {
  const findings: Finding[] = [];
  const subject = cert.subject.text;
  const embedded = embeddedEvidence(cert, issuer, ctx);
  const evidence: RevocationEvidence[] = [...embedded.evidence];
  for (const reason of embedded.rejected)
    findings.push(warning('REVOCATION_DATA_INVALID', { source: 'dss/cms', detail: reason }));
  let decided = decide(evidence, time, false);
  if (decided.status !== 'unknown' || !ctx.fetchers) {
    return finish(decided, evidence, findings, subject, ctx.fetchers === undefined);
  }

  for (const url of cert.ocspUrls.filter((u) => /^https?:/i.test(u))) {
    ctx.signal?.throwIfAborted();
    try {
      const der = await ctx.fetchers.ocsp(cert, issuer, url, ctx.signal);
      const r = evaluateOcsp(der, cert, issuer, 'online');
      if (!r.ok) {
        findings.push(warning('REVOCATION_SOURCE_FAILED', { url, detail: r.reason }));
        continue;
      }
      evidence.push(r.evidence);
      decided = decide(evidence, time, true);
      if (decided.status !== 'unknown') return finish(decided, evidence, findings, subject, false);
    } catch (err) {
      findings.push(warning('REVOCATION_SOURCE_FAILED', { url, detail: describe(err) }));
    }
  }
  for (const url of cert.crlUrls.filter((u) => /^https?:/i.test(u))) {
    ctx.signal?.throwIfAborted();
    try {
      const der = await ctx.fetchers.crl(url, issuer, ctx.signal);
      const r = evaluateCrl(der, cert, issuer, 'online');
      if (!r.ok) {
        findings.push(warning('REVOCATION_SOURCE_FAILED', { url, detail: r.reason }));
        continue;
      }
      evidence.push(r.evidence);
      decided = decide(evidence, time, true);
      if (decided.status !== 'unknown') return finish(decided, evidence, findings, subject, false);
    } catch (err) {
      findings.push(warning('REVOCATION_SOURCE_FAILED', { url, detail: describe(err) }));
    }
  }
  return finish(decided, evidence, findings, subject, false);
}

/**
 * The document's own revocation data that verifies for `cert` (OCSP answers about it, CRLs of its issuer).
 * Rejections are reported only for CRLs of the right issuer: OCSP responses about other certificates are
 * simply not about this one.
 */
export function embeddedEvidence(
  cert: CertificateInfo,
  issuer: CertificateInfo,
  ctx: Pick<RevocationContext, 'embedded' | 'memo'>,
): { evidence: RevocationEvidence[]; rejected: string[] } {
  const evidence: RevocationEvidence[] = [];
  const rejected: string[] = [];
  const pair = `${cert.sha256FingerprintHex}>${issuer.sha256FingerprintHex}`;
  for (const item of ctx.embedded.ocsps) {
    const r = memo(ctx, `ocsp|${item.id}|${pair}`, () => evaluateOcsp(item.der, cert, issuer, item.source));
    if (r.ok) evidence.push(r.evidence);
  }
  for (const item of ctx.embedded.crls) {
    const r = memo(ctx, `crl|${item.id}|${pair}`, () =>
      crlIssuedBy(item.der, issuer)
        ? evaluateCrl(item.der, cert, issuer, item.source)
        : { ok: false, reason: 'other issuer' },
    );
    if (r.ok) evidence.push(r.evidence);
    else if (r.reason !== 'other issuer') rejected.push(r.reason);
  }
  return { evidence, rejected };
}

function memo(ctx: Pick<RevocationContext, 'memo'>, key: string, fn: () => EvidenceResult): EvidenceResult {
  let r = ctx.memo.get(key);
  if (!r) {
    r = fn();
    ctx.memo.set(key, r);
  }
  return r;
}

interface Decision {
  readonly status: 'good' | 'revoked' | 'unknown';
  readonly revokedAt?: Date;
  readonly evidence?: RevocationEvidence;
}

/** Revoked wins over good (earliest revocation time); otherwise a fresh enough "good" decides. */
function decide(list: readonly RevocationEvidence[], time: Date, onlineIsFresh: boolean): Decision {
  const revoked = list
    .filter((e) => e.status === 'revoked' && e.revokedAt)
    .sort((a, b) => a.revokedAt!.getTime() - b.revokedAt!.getTime())[0];
  if (revoked) {
    return revoked.revokedAt!.getTime() <= time.getTime()
      ? { status: 'revoked', revokedAt: revoked.revokedAt, evidence: revoked }
      : { status: 'good', revokedAt: revoked.revokedAt, evidence: revoked };
  }
  const good = list.find(
    (e) =>
      e.status === 'good' &&
      ((onlineIsFresh && e.source === 'online') || e.thisUpdate.getTime() >= time.getTime() - CLOCK_SKEW_MS),
  );
  return good ? { status: 'good', evidence: good } : { status: 'unknown' };
}

function finish(
  d: Decision,
  evidence: readonly RevocationEvidence[],
  findings: Finding[],
  subject: string,
  offline: boolean,
): RevocationOutcome {
  const certificates = evidence.flatMap((e) => e.certificates);
  if (d.status === 'good' && d.evidence && !d.revokedAt) {
    findings.push(
      info('REVOCATION_GOOD', {
        subject,
        source: `${d.evidence.kind.toUpperCase()} (${d.evidence.source})`,
        time: d.evidence.thisUpdate.toISOString(),
      }),
    );
  }
  if (d.status === 'unknown') {
    const stale = evidence.some((e) => e.status === 'good');
    const detail = stale
      ? 'the revocation data available was issued before the signing time'
      : offline
        ? 'no revocation data in the document and offline mode is on'
        : evidence.some((e) => e.status === 'unknown')
          ? 'the responder does not know the certificate'
          : 'no revocation data could be obtained';
    findings.push(warning('REVOCATION_UNKNOWN', { subject, detail }));
  }
  return { status: d.status, revokedAt: d.revokedAt, evidence: d.evidence, findings, certificates };
}

function describe(err: unknown): string {
  if (err instanceof CmsError) return err.message;
  return (err as Error)?.message ?? String(err);
}
