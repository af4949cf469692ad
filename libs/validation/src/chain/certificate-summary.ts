import type { CertificateInfo } from '@kyso/cms';
import type { CertificateSummary } from '../model/validation-result';

const ORGANISATION = '2.5.4.10';

/** The report view of a certificate: names as UTF-8 text, no key material. */
export function summarizeCertificate(cert: CertificateInfo): CertificateSummary {
  return {
    subject: cert.subject.text,
    commonName: cert.subject.commonName ?? null,
    organisation: attribute(cert, ORGANISATION),
    issuer: cert.issuer.text,
    serialHex: cert.serialHex,
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    sha256: cert.sha256FingerprintHex,
  };
}

/** First value of a subject attribute (by OID), or null. */
export function attribute(cert: CertificateInfo, oid: string): string | null {
  for (const rdn of cert.subject.rdns) for (const a of rdn) if (a.type === oid) return a.value;
  return null;
}

/** Every subject attribute by short name (or OID when it has none). */
export function subjectAttributes(cert: CertificateInfo): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const rdn of cert.subject.rdns) {
    for (const a of rdn) (out[a.shortName ?? a.type] ??= []).push(a.value);
  }
  return out;
}
