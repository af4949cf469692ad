import { type CertificateInfo, OID } from '@kyso/cms';
import { error, type Finding } from '../model/finding';

/** Extensions kyso understands; an unknown *critical* extension makes the certificate unusable (RFC 5280 4.2). */
const UNDERSTOOD = new Set<string>([
  OID.keyUsage,
  OID.basicConstraints,
  OID.extKeyUsage,
  OID.certificatePolicies,
  OID.subjectAltName,
  OID.subjectKeyIdentifier,
  OID.authorityKeyIdentifier,
  OID.authorityInfoAccess,
  OID.crlDistributionPoints,
  OID.ocspNoCheck,
  '2.5.29.18', // issuerAltName
  '2.5.29.36', // policyConstraints: kyso does not restrict policies, so it cannot be violated
  '2.5.29.54', // inhibitAnyPolicy: idem
  '1.3.6.1.5.5.7.1.3', // qcStatements
  '2.5.29.9', // subjectDirectoryAttributes
]);

/**
 * The X.509 constraints of a built path, leaf first (RFC 5280 6.1.4): every issuer is a CA allowed to sign
 * certificates, path lengths are respected, no unknown critical extension. Validity periods are checked by
 * the caller against the best signing time. Returns the first violation (CHAIN_CONSTRAINTS_FAILURE).
 */
export function checkPathConstraints(
  chain: readonly CertificateInfo[],
  anchorIsLast: boolean,
): Finding | undefined {
  for (let i = 0; i < chain.length; i++) {
    const cert = chain[i];
    const isAnchor = anchorIsLast && i === chain.length - 1;
    const subject = cert.subject.text;
    // A trust anchor is trusted as configured (RFC 5280 6.1.1 d); only its key and name are used.
    if (!isAnchor) {
      for (const ext of cert.extensions) {
        if (ext.critical && !UNDERSTOOD.has(ext.oid))
          return error('CERT_UNKNOWN_CRITICAL_EXTENSION', { subject, oid: ext.oid });
      }
    }
    if (i === 0 || isAnchor) continue;
    if (cert.basicConstraints?.ca !== true) return error('CERT_NOT_CA', { subject });
    if (cert.keyUsage && !cert.keyUsage.includes('keyCertSign'))
      return error('CERT_CA_KEY_USAGE', { subject });
    const limit = cert.basicConstraints.pathLength;
    if (limit !== undefined) {
      const below = chain.slice(1, i).filter((c) => !c.selfIssued).length;
      if (below > limit) return error('CERT_PATH_LENGTH_EXCEEDED', { subject });
    }
  }
  return undefined;
}

/** The signer certificate may create signatures: keyUsage, when present, allows digitalSignature or nonRepudiation. */
export function checkSignerKeyUsage(cert: CertificateInfo): Finding | undefined {
  if (!cert.keyUsage) return undefined;
  return cert.keyUsage.includes('digitalSignature') || cert.keyUsage.includes('nonRepudiation')
    ? undefined
    : error('CERT_KEY_USAGE');
}

/** RFC 3161 2.3: a TSA certificate has exactly the timeStamping extended key usage, marked critical. */
export function checkTsaKeyUsage(cert: CertificateInfo): Finding | undefined {
  const eku = cert.extendedKeyUsage;
  if (!eku || !eku.critical || !eku.purposes.includes(OID.kpTimeStamping)) {
    return error('TSA_EKU_MISSING', { subject: cert.subject.text });
  }
  return undefined;
}
