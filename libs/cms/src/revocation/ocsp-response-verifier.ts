import { createHash } from 'node:crypto';
import { OID } from '../asn1/oids';
import { checkStructureSignature } from '../algorithms/verify-signature';
import {
  CertificateInfo,
  hasExtendedKeyUsage,
  isWithinValidity,
  readCertificate,
} from '../certificate/certificate-info';
import { namesEqual } from '../certificate/distinguished-name';
import { checkIssuedBy } from '../certificate/issued-by';
import { BasicOcspResponse } from './ocsp-response';

export interface OcspSignatureCheck {
  readonly valid: boolean;
  /** Who signed: the CA itself, a delegated responder (RFC 6960 4.2.2.2), or nobody we could identify. */
  readonly responder: 'issuer' | 'delegated' | 'unidentified';
  readonly responderCertificateDer?: Buffer;
  /** 'unauthorized': the signer is neither the CA nor a responder the CA delegated to. */
  readonly failure?: 'unauthorized' | 'bad-signature';
  readonly reason?: string;
}

/**
 * Verifies who signed a BasicOCSPResponse about certificates of `issuer`: the issuer itself, or a
 * certificate in the response that the issuer issued with id-kp-OCSPSigning, valid at producedAt.
 */
export function verifyOcspResponseSignature(
  basic: BasicOcspResponse,
  issuerInput: CertificateInfo | Uint8Array,
): OcspSignatureCheck {
  const issuer = issuerInput instanceof Uint8Array ? readCertificate(issuerInput) : issuerInput;
  const candidates: CertificateInfo[] = [issuer];
  for (const der of basic.certificates) {
    try {
      candidates.push(readCertificate(der));
    } catch {
      // an unparsable extra certificate cannot be the responder; ignore it
    }
  }
  const responder = candidates.find((c) => matchesResponderId(basic, c));
  if (!responder) {
    return {
      valid: false,
      responder: 'unidentified',
      failure: 'unauthorized',
      reason: 'responder certificate not found',
    };
  }
  const isIssuer =
    responder === issuer ||
    (responder.publicKeyBits.equals(issuer.publicKeyBits) &&
      namesEqual(responder.subject.der, issuer.subject.der));
  const kind = isIssuer ? 'issuer' : 'delegated';
  if (!isIssuer) {
    const issued = checkIssuedBy(responder, issuer);
    const problem = !issued.issued
      ? `responder certificate not issued by the CA (${issued.reason})`
      : !hasExtendedKeyUsage(responder, OID.kpOcspSigning)
        ? 'responder certificate lacks id-kp-OCSPSigning'
        : !isWithinValidity(responder, basic.producedAt)
          ? 'responder certificate not valid at producedAt'
          : undefined;
    if (problem) {
      return {
        valid: false,
        responder: kind,
        responderCertificateDer: responder.der,
        failure: 'unauthorized',
        reason: problem,
      };
    }
  }
  const { valid, reason } = checkStructureSignature(basic, responder.spkiDer);
  return {
    valid,
    responder: kind,
    responderCertificateDer: responder.der,
    ...(valid ? {} : { failure: 'bad-signature' as const, reason: reason ?? 'signature does not verify' }),
  };
}

function matchesResponderId(basic: BasicOcspResponse, cert: CertificateInfo): boolean {
  if (basic.responderId.byKeyHashHex) {
    return createHash('sha1').update(cert.publicKeyBits).digest('hex') === basic.responderId.byKeyHashHex;
  }
  return !!basic.responderId.byNameDer && namesEqual(basic.responderId.byNameDer, cert.subject.der);
}
