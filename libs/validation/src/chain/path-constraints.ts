import { type CertificateInfo, isWithinSubtree, OID } from '@kyso/cms';
import { error, type Finding, info, warning } from '../model/finding';

/** Extensions kyso understands; an unknown *critical* extension makes the certificate unusable (RFC 5280 4.2). */
const UNDERSTOOD = new Set<string>([
  OID.keyUsage,
  OID.basicConstraints,
  OID.extKeyUsage,
  OID.certificatePolicies,
  OID.nameConstraints,
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
 * the caller against the best signing time, directoryName constraints of every CA below the anchor hold for
 * the certificates under it. Returns the first violation (CHAIN_CONSTRAINTS_FAILURE).
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
    const names = nameConstraintViolation(cert, chain.slice(0, i));
    if (names) return names;
  }
  return undefined;
}

/**
 * RFC 5280 6.1.3 (b): the subject of every certificate below a CA with nameConstraints is within a permitted
 * directoryName subtree (when there are any) and within no excluded one. Self-issued CA certificates are not
 * checked; an empty subject is.
 */
function nameConstraintViolation(
  ca: CertificateInfo,
  below: readonly CertificateInfo[],
): Finding | undefined {
  const constraints = ca.nameConstraints;
  if (!constraints) return undefined;
  if (constraints.unreadable)
    return error('CERT_NAME_CONSTRAINTS_VIOLATED', {
      subject: below[0]?.subject.text ?? '',
      issuer: ca.subject.text,
    });
  const permitted = constraints.permitted.filter((t) => t.directoryName).map((t) => t.directoryName!);
  const excluded = constraints.excluded.filter((t) => t.directoryName).map((t) => t.directoryName!);
  for (let j = 0; j < below.length; j++) {
    const cert = below[j];
    if (j > 0 && cert.selfIssued) continue;
    if (cert.subject.rdns.length === 0) continue;
    const outside = permitted.length > 0 && !permitted.some((base) => isWithinSubtree(cert.subject, base));
    const inExcluded = excluded.some((base) => isWithinSubtree(cert.subject, base));
    if (outside || inExcluded)
      return error('CERT_NAME_CONSTRAINTS_VIOLATED', { subject: cert.subject.text, issuer: ca.subject.text });
  }
  return undefined;
}

/**
 * What the path's name constraints and certificate policies leave unsaid: constraints on name forms kyso does
 * not evaluate (only directoryName is), and the signer certificate's policies, reported for the reader.
 */
export function describeNameAndPolicyConstraints(
  chain: readonly CertificateInfo[],
  withPolicies: boolean,
): Finding[] {
  const out: Finding[] = [];
  const forms = new Set<string>();
  // The last certificate is the trust anchor: its extensions are not applied (RFC 5280 6.1.1 d).
  const cas = chain.slice(1, -1);
  for (const ca of cas) {
    for (const t of [...(ca.nameConstraints?.permitted ?? []), ...(ca.nameConstraints?.excluded ?? [])])
      if (t.form !== 'directoryName') forms.add(t.form);
  }
  if (forms.size > 0)
    out.push(warning('NAME_CONSTRAINTS_NOT_EVALUATED', { forms: [...forms].sort().join(', ') }));
  const leaf = chain[0];
  if (withPolicies && leaf && leaf.policies.length > 0)
    out.push(info('CERT_POLICIES', { subject: leaf.subject.text, policies: leaf.policies.join(', ') }));
  return out;
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
