import {
  type CertificateInfo,
  checkSigningCertificateV2,
  matchesSignerIdentifier,
  type ParsedSignedData,
} from '@kyso/cms';

/**
 * The certificate a SignerInfo names (issuerAndSerialNumber or subjectKeyIdentifier), among certificates
 * already parsed for this run (the CMS's own, the DSS's, AIA downloads). When a CA re-issued a certificate
 * under the same serial, the one named by signing-certificate(-v2) wins.
 */
export function identifySigner(
  cms: ParsedSignedData,
  candidates: readonly CertificateInfo[],
): CertificateInfo | null {
  const signer = cms.signers[0];
  if (!signer) return null;
  const matches = candidates.filter((c) => matchesSignerIdentifier(signer.sid, c));
  const ref = signer.signingCertificateV2 ?? signer.signingCertificateV1;
  if (ref && matches.length > 1) {
    const named = matches.find((c) => checkSigningCertificateV2(ref, c.der).matches);
    if (named) return named;
  }
  return matches[0] ?? null;
}
