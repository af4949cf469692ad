import { checkStructureSignature } from '../algorithms/verify-signature';
import { CertificateInfo, readCertificate } from './certificate-info';
import { namesEqual } from './distinguished-name';

export interface IssuedByCheck {
  /** Names chain and the issuer's key verifies the certificate's signature. */
  readonly issued: boolean;
  readonly nameMatches: boolean;
  readonly signatureValid: boolean;
  readonly reason?: string;
}

/** Whether `issuer` issued `cert`: issuer name equals issuer's subject and the signature verifies. */
export function checkIssuedBy(
  cert: CertificateInfo | Uint8Array,
  issuer: CertificateInfo | Uint8Array,
): IssuedByCheck {
  const c = cert instanceof Uint8Array ? readCertificate(cert) : cert;
  const i = issuer instanceof Uint8Array ? readCertificate(issuer) : issuer;
  const nameMatches = namesEqual(c.issuer.der, i.subject.der);
  const { valid: signatureValid, reason: signatureProblem } = checkStructureSignature(c, i.spkiDer);
  let reason = signatureProblem;
  if (!nameMatches) reason = 'issuer name differs from the issuer certificate subject';
  else if (!signatureValid) reason ??= 'signature does not verify with the issuer key';
  return { issued: nameMatches && signatureValid, nameMatches, signatureValid, reason };
}
