import {
  type CertificateInfo,
  CmsError,
  type DigestAlgorithmName,
  parseTimeStampToken,
  type TimestampToken,
} from '@kyso/cms';
import { summarizeCertificate } from '../chain/certificate-summary';
import { validateCertificate } from '../chain/certificate-validation';
import { readCertificateOrNull } from '../chain/validation-cache';
import type { DocumentContext } from '../document-context';
import { checkCmsIntegrity } from '../integrity/cms-integrity';
import { error, type Finding, sortFindings, warning } from '../model/finding';
import { failed, indeterminate, type IndicationWithSub, PASSED, worse } from '../model/indication';
import type { TimestampKind, TimestampSummary } from '../model/validation-result';

export interface TimestampCheck {
  readonly summary: TimestampSummary;
  readonly genTime: Date | null;
  /** Structure, signature and imprint are right: the token counts for the PAdES level. */
  readonly cryptoValid: boolean;
  /** TOTAL_PASSED, TSA trusted: its time may serve as proof of existence. */
  readonly usableAsPoe: boolean;
  readonly tsaCertificate: CertificateInfo | null;
  readonly token: TimestampToken | null;
}

export interface TimestampCheckInput {
  readonly der: Buffer;
  readonly kind: TimestampKind;
  /** The digest the token must carry, computed with the token's own imprint algorithm. */
  readonly expectedImprint: (algorithm: DigestAlgorithmName) => Promise<Buffer>;
  readonly entryIndex: number | null;
}

/**
 * An RFC 3161 token: CMS integrity over TSTInfo, message imprint, TSA certificate (critical timeStamping
 * EKU), its chain to a trust anchor and its revocation at genTime. Signature time-stamps cover the
 * SignerInfo's signature value (ETSI EN 319 122-1 5.3); document time-stamps cover the byte ranges.
 */
export async function checkTimestamp(
  input: TimestampCheckInput,
  ctx: DocumentContext,
): Promise<TimestampCheck> {
  const findings: Finding[] = [];
  let token: TimestampToken;
  try {
    // The TSA certificate is looked up below among the run's parsed certificates, not by re-parsing them.
    token = parseTimeStampToken(input.der);
  } catch (err) {
    const detail = err instanceof CmsError ? err.message : String(err);
    findings.push(error('TIMESTAMP_MALFORMED', { detail }));
    return result(input, failed('FORMAT_FAILURE'), findings, null, null, null, false);
  }
  for (const der of token.signedData.certificates) {
    const cert = readCertificateOrNull(der);
    if (cert) ctx.pool.add(cert, 'timestamp');
  }

  const integrity = await checkCmsIntegrity({
    cms: token.signedData,
    subFilter: undefined,
    contentDigest: async (alg) => ctx.crypto.digest(alg, token.tstInfoDer),
    readContent: async () => token.tstInfoDer,
    candidates: ctx.pool.all(),
    crypto: ctx.crypto,
  });
  const tsa = integrity.signerCertificate;
  let conclusion: IndicationWithSub = PASSED;
  if (integrity.structure.status === 'failed') {
    findings.push(integrity.structure.finding!);
    conclusion = worse(conclusion, failed('FORMAT_FAILURE'));
  }
  if (integrity.messageDigest.status === 'failed' || integrity.signatureValue.status === 'failed') {
    const f = integrity.messageDigest.finding ?? integrity.signatureValue.finding;
    findings.push(error('TIMESTAMP_SIGNATURE_INVALID', { detail: f?.code ?? 'signature' }));
    conclusion = worse(conclusion, failed('SIG_CRYPTO_FAILURE'));
  } else if (integrity.signatureValue.status === 'indeterminate') {
    findings.push(integrity.signatureValue.finding!);
    conclusion = worse(
      conclusion,
      indeterminate(tsa ? 'SIG_CONSTRAINTS_FAILURE' : 'NO_SIGNING_CERTIFICATE_FOUND'),
    );
  }
  if (integrity.signingCertificate.status === 'failed') {
    findings.push(integrity.signingCertificate.finding!);
    conclusion = worse(conclusion, indeterminate('NO_SIGNING_CERTIFICATE_FOUND'));
  }

  const alg = token.messageImprint.algorithm.name;
  if (!alg) {
    findings.push(error('DIGEST_ALGORITHM_UNKNOWN', { oid: token.messageImprint.algorithm.oid }));
    conclusion = worse(conclusion, failed('FORMAT_FAILURE'));
  } else if (!(await input.expectedImprint(alg)).equals(token.messageImprint.digest)) {
    findings.push(error('TIMESTAMP_IMPRINT_MISMATCH'));
    conclusion = worse(conclusion, failed('HASH_FAILURE'));
  }
  const cryptoValid = conclusion.indication === 'TOTAL_PASSED' && tsa !== null;

  if (tsa && cryptoValid) {
    const cv = await validateCertificate(
      { cert: tsa, purpose: 'timestamping', poe: token.genTime, claimed: token.genTime },
      ctx,
    );
    for (const f of cv.findings) {
      // The TSA's own revocation status is best effort: unknown status is a warning, not a verdict.
      if (f.code === 'REVOCATION_UNKNOWN' || f.code === 'REVOCATION_OFFLINE')
        findings.push({ ...f, severity: 'warning' });
      else if (f.code === 'CHAIN_NOT_FOUND')
        findings.push(warning('TSA_NOT_TRUSTED', { subject: tsa.subject.text }));
      else findings.push(f);
    }
    const c = cv.conclusion;
    const tolerated = c.indication === 'INDETERMINATE' && c.subIndication === 'TRY_LATER';
    if (!tolerated) conclusion = worse(conclusion, c);
  } else if (!tsa) {
    conclusion = worse(conclusion, indeterminate('NO_SIGNING_CERTIFICATE_FOUND'));
  }
  return result(input, conclusion, findings, token, tsa, token.genTime, cryptoValid);
}

function result(
  input: TimestampCheckInput,
  conclusion: IndicationWithSub,
  findings: Finding[],
  token: TimestampToken | null,
  tsa: CertificateInfo | null,
  genTime: Date | null,
  cryptoValid: boolean,
): TimestampCheck {
  return {
    summary: {
      kind: input.kind,
      time: genTime ? genTime.toISOString() : null,
      tsa: tsa ? summarizeCertificate(tsa) : null,
      indication: conclusion.indication,
      subIndication: conclusion.subIndication,
      entryIndex: input.entryIndex,
      findings: sortFindings(findings),
    },
    genTime,
    cryptoValid,
    usableAsPoe: conclusion.indication === 'TOTAL_PASSED',
    tsaCertificate: tsa,
    token,
  };
}
