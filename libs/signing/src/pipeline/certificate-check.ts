import { readCertificate } from '@kyso/cms';
import { SigningError, SigningErrorCode } from '../signing.error';
import type { TrustServices } from './trust-services';

export interface CertificateCheckResult {
  subject: string;
  serialHex: string;
  revocation: { source: 'ocsp' | 'crl'; status: 'good'; checkedAt: Date; url: string };
}

/**
 * Circular 15/2025 requires the signing software to check the certificate before signing: it must be within
 * its validity period, allowed to sign (digitalSignature or nonRepudiation) and not revoked (OCSP, else CRL).
 * Anything else refuses to sign, with a reason the signer can act on.
 */
export async function checkSignerCertificate(
  certificateDer: Buffer,
  issuerDer: Buffer | undefined,
  services: Pick<TrustServices, 'ocsp' | 'crl' | 'now'>,
): Promise<CertificateCheckResult> {
  const cert = readCertificate(certificateDer);
  const now = services.now();
  const who = cert.subject.commonName ?? cert.subject.text;
  if (now < cert.notBefore) {
    throw new SigningError(
      SigningErrorCode.CERTIFICATE_NOT_YET_VALID,
      `certificate of ${who} is valid only from ${cert.notBefore.toISOString()}`,
    );
  }
  if (now > cert.notAfter) {
    throw new SigningError(
      SigningErrorCode.CERTIFICATE_EXPIRED,
      `certificate of ${who} expired on ${cert.notAfter.toISOString()}`,
    );
  }
  if (
    cert.keyUsage &&
    !cert.keyUsage.includes('digitalSignature') &&
    !cert.keyUsage.includes('nonRepudiation')
  ) {
    throw new SigningError(
      SigningErrorCode.CERTIFICATE_KEY_USAGE,
      `certificate of ${who} does not allow signing (key usage: ${cert.keyUsage.join(', ')})`,
    );
  }
  if (!issuerDer) {
    throw new SigningError(
      SigningErrorCode.REVOCATION_UNKNOWN,
      `the issuer certificate of ${who} is needed to check revocation; give the chain`,
    );
  }
  const failures: string[] = [];
  if (cert.ocspUrls.length > 0) {
    try {
      const r = await services.ocsp.check({ certificateDer, issuerDer });
      if (r.status === 'revoked') throw revoked(who, r.revocationTime);
      if (r.status === 'good')
        return {
          subject: who,
          serialHex: cert.serialHex,
          revocation: { source: 'ocsp', status: 'good', checkedAt: now, url: r.url },
        };
      failures.push(`OCSP ${r.url} answered unknown`);
    } catch (err) {
      if (err instanceof SigningError) throw err;
      failures.push(`OCSP: ${(err as Error).message}`);
    }
  }
  if (cert.crlUrls.length > 0) {
    try {
      const r = await services.crl.check({ certificateDer, issuerDer });
      if (r.status === 'revoked') throw revoked(who, r.revocationTime);
      return {
        subject: who,
        serialHex: cert.serialHex,
        revocation: { source: 'crl', status: 'good', checkedAt: now, url: r.url },
      };
    } catch (err) {
      if (err instanceof SigningError) throw err;
      failures.push(`CRL: ${(err as Error).message}`);
    }
  }
  throw new SigningError(
    SigningErrorCode.REVOCATION_UNKNOWN,
    `cannot check whether the certificate of ${who} is revoked: ${failures.join('; ') || 'it names no OCSP or CRL service'}`,
  );
}

function revoked(who: string, at?: Date): SigningError {
  return new SigningError(
    SigningErrorCode.CERTIFICATE_REVOKED,
    `certificate of ${who} was revoked${at ? ` on ${at.toISOString()}` : ''}`,
    {
      revokedAt: at?.toISOString(),
    },
  );
}
