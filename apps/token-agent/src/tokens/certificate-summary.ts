import { X509Certificate } from 'node:crypto';
import type { AgentCertificate } from '@kyso/agent-protocol';

export interface StoredCertificate {
  der: Buffer;
  idHex: string;
  label: string;
}

/** OpenSSL prints one attribute per line; the page shows a name on one line. */
function oneLine(name: string): string {
  return name.split('\n').filter(Boolean).join(', ');
}

function parse(der: Buffer): X509Certificate | undefined {
  try {
    return new X509Certificate(der);
  } catch {
    // A token may hold a certificate node cannot read (unusual encoding); the leader cannot sign with it anyway.
    return undefined;
  }
}

/**
 * The end-entity certificates among those stored on one token, each with the CA certificates from the
 * same token that issue it (nearest first). CA certificates themselves are not offered for signing.
 */
export function summariseCertificates(
  stored: readonly StoredCertificate[],
  token: { label: string; serial: string },
): AgentCertificate[] {
  const parsed = stored.flatMap((s) => {
    const x509 = parse(s.der);
    return x509 ? [{ ...s, x509 }] : [];
  });
  const authorities = parsed.filter((p) => p.x509.ca);
  return parsed
    .filter((p) => !p.x509.ca)
    .map((p) => {
      const chain: Buffer[] = [];
      let current = p.x509;
      for (let depth = 0; depth < 5; depth++) {
        const issuer = authorities.find(
          (a) => a.x509.subject === current.issuer && current.checkIssued(a.x509),
        );
        if (!issuer || chain.some((c) => c.equals(issuer.der))) break;
        chain.push(issuer.der);
        if (issuer.x509.subject === issuer.x509.issuer) break;
        current = issuer.x509;
      }
      const keyType = p.x509.publicKey.asymmetricKeyType;
      return {
        tokenLabel: token.label,
        tokenSerial: token.serial,
        certId: p.idHex,
        label: p.label,
        subject: oneLine(p.x509.subject),
        issuer: oneLine(p.x509.issuer),
        serialNumber: p.x509.serialNumber.toLowerCase(),
        notBefore: new Date(p.x509.validFrom).toISOString(),
        notAfter: new Date(p.x509.validTo).toISOString(),
        keyType: keyType === 'rsa' || keyType === 'ec' ? keyType : 'other',
        certificateDer: p.der.toString('base64'),
        ...(chain.length ? { chain: chain.map((c) => c.toString('base64')) } : {}),
      };
    });
}
