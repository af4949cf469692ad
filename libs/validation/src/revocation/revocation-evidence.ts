import {
  type CertificateInfo,
  findSingleResponse,
  normalizeSerialHex,
  parseCrl,
  parseOcspResponse,
  verifyCrlSignature,
  verifyOcspResponseSignature,
} from '@kyso/cms';

export type RevocationSource = 'cms' | 'dss' | 'online';

/** One verified statement about a certificate's revocation status. */
export interface RevocationEvidence {
  readonly kind: 'ocsp' | 'crl';
  readonly source: RevocationSource;
  readonly status: 'good' | 'revoked' | 'unknown';
  readonly revokedAt?: Date;
  readonly reason?: string;
  /** From when the statement holds: OCSP thisUpdate, CRL thisUpdate. */
  readonly thisUpdate: Date;
  readonly nextUpdate?: Date;
  /** Certificates the OCSP response carried (a delegated responder's), for chain building. */
  readonly certificates: readonly Buffer[];
}

export type EvidenceResult =
  | { readonly ok: true; readonly evidence: RevocationEvidence }
  | { readonly ok: false; readonly reason: string };

/**
 * An OCSPResponse about `cert`, accepted only when it answers for this certificate and is signed by its
 * issuer or a responder the issuer delegated to (RFC 6960 4.2.2.2). Unrelated responses are `ok: false`.
 */
export function evaluateOcsp(
  der: Uint8Array,
  cert: CertificateInfo,
  issuer: CertificateInfo,
  source: RevocationSource,
): EvidenceResult {
  let response;
  try {
    response = parseOcspResponse(der);
  } catch (err) {
    return { ok: false, reason: `unreadable OCSP response: ${(err as Error).message}` };
  }
  if (response.status !== 'successful' || !response.basic)
    return { ok: false, reason: `OCSP status ${response.status}` };
  const single = findSingleResponse(response.basic, cert, issuer);
  if (!single) return { ok: false, reason: 'OCSP response about another certificate' };
  let check;
  try {
    check = verifyOcspResponseSignature(response.basic, issuer);
  } catch (err) {
    return { ok: false, reason: `OCSP signature not verifiable: ${(err as Error).message}` };
  }
  if (!check.valid)
    return { ok: false, reason: `OCSP response rejected: ${check.reason ?? 'invalid signature'}` };
  return {
    ok: true,
    evidence: {
      kind: 'ocsp',
      source,
      status: single.status,
      revokedAt: single.revocationTime,
      reason: single.revocationReason,
      thisUpdate: single.thisUpdate,
      nextUpdate: single.nextUpdate,
      certificates: response.basic.certificates,
    },
  };
}

/** A CRL that `issuer` signed, looked up for `cert`. Delta and partitioned CRLs cannot prove "good". */
export function evaluateCrl(
  der: Uint8Array,
  cert: CertificateInfo,
  issuer: CertificateInfo,
  source: RevocationSource,
): EvidenceResult {
  let crl;
  try {
    crl = parseCrl(der);
  } catch (err) {
    return { ok: false, reason: `unreadable CRL: ${(err as Error).message}` };
  }
  let check;
  try {
    check = verifyCrlSignature(crl, issuer);
  } catch (err) {
    return { ok: false, reason: `CRL signature not verifiable: ${(err as Error).message}` };
  }
  if (!check.issuerNameMatches) return { ok: false, reason: 'CRL of another issuer' };
  if (!check.valid) return { ok: false, reason: `CRL rejected: ${check.reason ?? 'invalid signature'}` };
  const entry = crl.findRevocation(normalizeSerialHex(cert.serialHex));
  const complete = !crl.isDelta && !crl.hasIssuingDistributionPoint;
  return {
    ok: true,
    evidence: {
      kind: 'crl',
      source,
      status: entry ? 'revoked' : complete ? 'good' : 'unknown',
      revokedAt: entry?.revocationDate,
      reason: entry?.reason,
      thisUpdate: crl.thisUpdate,
      nextUpdate: crl.nextUpdate,
      certificates: [],
    },
  };
}

/** Whether a CRL/OCSP DER could be about `issuer`'s certificates at all (cheap pre-filter before verifying). */
export function crlIssuedBy(der: Uint8Array, issuer: CertificateInfo): boolean {
  try {
    return parseCrl(der).issuer.der.equals(issuer.subject.der);
  } catch {
    return false;
  }
}
