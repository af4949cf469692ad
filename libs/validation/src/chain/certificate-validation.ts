import type { CertificateInfo } from '@kyso/cms';
import type { DocumentContext } from '../document-context';
import { error, type Finding, info, warning } from '../model/finding';
import { failed, indeterminate, type IndicationWithSub, PASSED, worse } from '../model/indication';
import { checkRevocation } from '../revocation/revocation-checker';
import type { BuiltChain } from './chain-builder';
import {
  checkPathConstraints,
  checkSignerKeyUsage,
  checkTsaKeyUsage,
  describeNameAndPolicyConstraints,
} from './path-constraints';

export interface CertificateValidationInput {
  readonly cert: CertificateInfo;
  readonly purpose: 'signing' | 'timestamping';
  /**
   * Earliest proven existence of what the certificate signed (a trusted time-stamp), or null. With a
   * proof, checks are made at that time ("past signature validation", ETSI EN 319 102-1 5.6.2.4).
   */
  readonly poe: Date | null;
  /** The time the signer claims (/M): a claim after revocation or expiry is a confession. */
  readonly claimed: Date | null;
}

export interface CertificateValidation {
  readonly chain: BuiltChain;
  readonly conclusion: IndicationWithSub;
  readonly findings: readonly Finding[];
  /** Check results for the report: chain (path + constraints) and revocation of every certificate. */
  readonly chainStatus: 'passed' | 'failed' | 'indeterminate';
  readonly revocationStatus: 'passed' | 'failed' | 'indeterminate' | 'not-checked';
}

/**
 * X.509 validation of a signer or TSA certificate at its best signing time: path to a trust anchor,
 * path constraints, key usage, validity periods, revocation of every certificate below the anchor.
 */
export async function validateCertificate(
  input: CertificateValidationInput,
  ctx: DocumentContext,
): Promise<CertificateValidation> {
  const { cert, poe, claimed } = input;
  const findings: Finding[] = [];
  const time = poe ?? ctx.at;
  const subject = cert.subject.text;
  let conclusion: IndicationWithSub = PASSED;
  let chainStatus: CertificateValidation['chainStatus'] = 'passed';
  let revocationStatus: CertificateValidation['revocationStatus'] = 'not-checked';

  const chain = await ctx.chainOf(cert);
  findings.push(...chain.findings);

  // Validity of the certificate itself: the decisive TOTAL_FAILED cases do not need a trusted chain.
  const nb = cert.notBefore.getTime();
  const na = cert.notAfter.getTime();
  if ((poe && poe.getTime() < nb) || (claimed && claimed.getTime() < nb)) {
    const at = poe && poe.getTime() < nb ? poe : claimed!;
    findings.push(
      error('CERT_NOT_YET_VALID', {
        subject,
        time: at.toISOString(),
        notBefore: cert.notBefore.toISOString(),
      }),
    );
    conclusion = worse(conclusion, failed('NOT_YET_VALID'));
  } else if (time.getTime() > na) {
    if (claimed && claimed.getTime() > na) {
      findings.push(
        error('CERT_EXPIRED_AT_SIGNING', {
          subject,
          time: claimed.toISOString(),
          notAfter: cert.notAfter.toISOString(),
        }),
      );
      conclusion = worse(conclusion, failed('EXPIRED'));
    } else {
      findings.push(error('CERT_EXPIRED_NO_POE', { subject, notAfter: cert.notAfter.toISOString() }));
      conclusion = worse(conclusion, indeterminate('OUT_OF_BOUNDS_NO_POE'));
    }
  } else if (ctx.at.getTime() > na) {
    findings.push(info('CERT_EXPIRED_LATER', { subject, notAfter: cert.notAfter.toISOString() }));
  } else if (ctx.at.getTime() < nb && !poe) {
    findings.push(
      error('CERT_NOT_YET_VALID', {
        subject,
        time: ctx.at.toISOString(),
        notBefore: cert.notBefore.toISOString(),
      }),
    );
    conclusion = worse(conclusion, failed('NOT_YET_VALID'));
  }

  if (!chain.trusted) {
    findings.push(error('CHAIN_NOT_FOUND', { subject }));
    return {
      chain,
      conclusion: worse(conclusion, indeterminate('NO_CERTIFICATE_CHAIN_FOUND')),
      findings,
      chainStatus: 'indeterminate',
      revocationStatus,
    };
  }

  const constraint =
    checkPathConstraints(chain.certificates, true) ??
    (input.purpose === 'signing' ? checkSignerKeyUsage(cert) : checkTsaKeyUsage(cert));
  if (constraint) {
    findings.push(constraint);
    conclusion = worse(conclusion, indeterminate('CHAIN_CONSTRAINTS_FAILURE'));
    // A subject outside its CA's name constraints is a chain that is wrong, not one that is unknown.
    chainStatus = constraint.code === 'CERT_NAME_CONSTRAINTS_VIOLATED' ? 'failed' : 'indeterminate';
  }
  findings.push(...describeNameAndPolicyConstraints(chain.certificates, input.purpose === 'signing'));
  // CA certificates must have been valid when the signature was made (chain model at the best signing time).
  for (const ca of chain.certificates.slice(1, -1)) {
    if (time.getTime() < ca.notBefore.getTime() || time.getTime() > ca.notAfter.getTime()) {
      findings.push(
        error('CERT_EXPIRED_NO_POE', { subject: ca.subject.text, notAfter: ca.notAfter.toISOString() }),
      );
      conclusion = worse(conclusion, indeterminate('OUT_OF_BOUNDS_NO_POE'));
      chainStatus = 'indeterminate';
    }
  }

  // Revocation of each certificate below the trust anchor, at the best signing time.
  revocationStatus = 'passed';
  for (let i = 0; i < chain.certificates.length - 1; i++) {
    const c = chain.certificates[i];
    if (c.ocspNoCheck) continue;
    const outcome = await checkRevocation(c, chain.certificates[i + 1], time, ctx.revocation);
    findings.push(...outcome.findings);
    const s = c.subject.text;
    if (outcome.status === 'unknown') {
      conclusion = worse(conclusion, indeterminate('TRY_LATER'));
      if (revocationStatus === 'passed') revocationStatus = 'indeterminate';
      continue;
    }
    const revokedAt = outcome.revokedAt?.toISOString() ?? '';
    if (outcome.status === 'good') {
      if (outcome.revokedAt)
        findings.push(info('REVOKED_AFTER_SIGNING', { subject: s, revokedAt, time: time.toISOString() }));
      continue;
    }
    revocationStatus = 'failed';
    if (i > 0) {
      findings.push(error('REVOKED_NO_POE', { subject: s, revokedAt }));
      conclusion = worse(conclusion, indeterminate('REVOKED_CA_NO_POE'));
    } else if (claimed && outcome.revokedAt && claimed.getTime() >= outcome.revokedAt.getTime()) {
      findings.push(error('REVOKED_BEFORE_SIGNING', { subject: s, revokedAt, time: claimed.toISOString() }));
      conclusion = worse(conclusion, failed('REVOKED'));
    } else {
      findings.push(error('REVOKED_NO_POE', { subject: s, revokedAt }));
      conclusion = worse(conclusion, indeterminate('REVOKED_NO_POE'));
    }
  }
  if (!ctx.fetchers && revocationStatus === 'indeterminate') findings.push(warning('REVOCATION_OFFLINE'));
  return { chain, conclusion, findings, chainStatus, revocationStatus };
}
