import { createHash } from 'node:crypto';
import { normalizeSerialHex } from '../asn1/der-values';
import { CertificateInfo, readCertificate } from '../certificate/certificate-info';
import { namesEqual } from '../certificate/distinguished-name';
import { ParsedSignedData, ParsedSignerInfo, SignerIdentifier } from './signed-data-parser';
import { checkSigningCertificateV2 } from './signing-certificate';

export interface SignerCertificateMatch {
  readonly certificateDer: Buffer;
  readonly certificate: CertificateInfo;
}

/** Whether a certificate is the one a SignerIdentifier names. */
export function matchesSignerIdentifier(sid: SignerIdentifier, cert: CertificateInfo): boolean {
  if (sid.type === 'issuerAndSerialNumber') {
    return (
      normalizeSerialHex(sid.serialHex) === normalizeSerialHex(cert.serialHex) &&
      namesEqual(sid.issuerDer, cert.issuer.der)
    );
  }
  if (cert.subjectKeyIdentifierHex) return cert.subjectKeyIdentifierHex === sid.keyIdentifierHex;
  // RFC 5280 4.2.1.2 method 1, for certificates without the extension.
  return createHash('sha1').update(cert.publicKeyBits).digest('hex') === sid.keyIdentifierHex;
}

/**
 * The certificate of a signer, searched in the SignedData certificates and then in `extraCertificates`.
 * When several match the identifier (re-issued certificate with the same serial), the one the
 * signing-certificate attribute names wins. Unparsable certificates are skipped.
 */
export function findSignerCertificate(
  parsed: ParsedSignedData,
  signerIndex = 0,
  extraCertificates: readonly Uint8Array[] = [],
): SignerCertificateMatch | undefined {
  const signer: ParsedSignerInfo | undefined = parsed.signers[signerIndex];
  if (!signer) return undefined;
  const candidates: SignerCertificateMatch[] = [];
  for (const der of [...parsed.certificates, ...extraCertificates]) {
    let certificate: CertificateInfo;
    try {
      certificate = readCertificate(der);
    } catch {
      continue;
    }
    if (matchesSignerIdentifier(signer.sid, certificate))
      candidates.push({ certificateDer: certificate.der, certificate });
  }
  const ref = signer.signingCertificateV2 ?? signer.signingCertificateV1;
  if (ref && candidates.length > 1) {
    const named = candidates.find((c) => checkSigningCertificateV2(ref, c.certificateDer).matches);
    if (named) return named;
  }
  return candidates[0];
}
