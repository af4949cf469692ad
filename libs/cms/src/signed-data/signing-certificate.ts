import { malformed } from '../cms-error';
import {
  expectSequence,
  explicitInner,
  isContext,
  isUniversal,
  readRoot,
  UniversalTag,
} from '../asn1/der-reader';
import { normalizeSerialHex, readOctetString, readSerialHex } from '../asn1/der-values';
import { explicit, octetString, sequence } from '../asn1/der-writer';
import {
  digest,
  DigestAlgorithmName,
  DigestAlgorithmRef,
  encodeDigestAlgorithmIdentifier,
  parseDigestAlgorithmIdentifier,
} from '../algorithms/digest-algorithm';
import { readCertificate } from '../certificate/certificate-info';
import { namesEqual, parseNameNode } from '../certificate/distinguished-name';

/** One ESSCertID / ESSCertIDv2 (RFC 2634, RFC 5035). */
export interface EssCertId {
  readonly hashAlgorithm: DigestAlgorithmRef;
  readonly certHash: Buffer;
  readonly issuerSerial?: {
    /** DER of each directoryName in the GeneralNames (other name forms are ignored). */
    readonly issuerNamesDer: readonly Buffer[];
    readonly serialHex: string;
  };
}

/** The signing-certificate (v1, SHA-1) or signing-certificate-v2 attribute value. */
export interface SigningCertificateRef {
  readonly version: 1 | 2;
  readonly certs: readonly EssCertId[];
  readonly hasPolicies: boolean;
}

/**
 * SigningCertificateV2 value for one certificate. The hash algorithm is omitted for SHA-256, its DEFAULT
 * (DER forbids encoding a default); issuerSerial is included as EN 319 122-1 recommends.
 */
export function encodeSigningCertificateV2(
  certificateDer: Uint8Array,
  hashAlgorithm: DigestAlgorithmName,
): Buffer {
  const cert = readCertificate(certificateDer);
  const issuerSerial = sequence(sequence(explicit(4, cert.issuer.der)), cert.serialDer);
  const hash = octetString(digest(hashAlgorithm, cert.der));
  const essCertId =
    hashAlgorithm === 'sha256'
      ? sequence(hash, issuerSerial)
      : sequence(encodeDigestAlgorithmIdentifier(hashAlgorithm), hash, issuerSerial);
  return sequence(sequence(essCertId));
}

export function parseSigningCertificate(valueDer: Uint8Array, version: 1 | 2): SigningCertificateRef {
  const what = version === 2 ? 'SigningCertificateV2' : 'SigningCertificate';
  const [certsNode, policies] = expectSequence(readRoot(valueDer, what), what, 3);
  const certs = expectSequence(certsNode, `${what}.certs`, 256).map((idNode) => {
    const fields = expectSequence(idNode, 'ESSCertID', 4);
    let i = 0;
    let hashAlgorithm: DigestAlgorithmRef =
      version === 2
        ? { oid: '2.16.840.1.101.3.4.2.1', name: 'sha256' }
        : { oid: '1.3.14.3.2.26', name: 'sha1' };
    if (version === 2 && fields[0] && isUniversal(fields[0], UniversalTag.Sequence)) {
      hashAlgorithm = parseDigestAlgorithmIdentifier(fields[i++], 'ESSCertIDv2.hashAlgorithm');
    }
    const certHash = Buffer.from(readOctetString(fields[i++], 'ESSCertID.certHash'));
    let issuerSerial: EssCertId['issuerSerial'];
    if (fields[i]) {
      const [names, serial] = expectSequence(fields[i], 'IssuerSerial', 3);
      const issuerNamesDer = expectSequence(names, 'IssuerSerial.issuer', 16)
        .filter((gn) => isContext(gn, 4))
        .map((gn) => parseNameNode(explicitInner(gn, 'directoryName')).der);
      issuerSerial = { issuerNamesDer, serialHex: readSerialHex(serial, 'IssuerSerial.serialNumber') };
    }
    return { hashAlgorithm, certHash, issuerSerial };
  });
  if (certs.length === 0) throw malformed(`${what}: empty certs`);
  return { version, certs, hasPolicies: policies !== undefined };
}

export interface SigningCertificateCheck {
  /** The first ESSCertID identifies this certificate (hash equal and, if present, issuer and serial). */
  readonly matches: boolean;
  readonly hashMatches: boolean;
  /** Undefined when the ESSCertID has no issuerSerial. */
  readonly issuerSerialMatches?: boolean;
  readonly reason?: string;
}

/**
 * Checks a signing-certificate(-v2) reference against a certificate. Only the first ESSCertID names the
 * signing certificate (RFC 5035 3); later ones may constrain the path and are not checked here.
 */
export function checkSigningCertificateV2(
  ref: SigningCertificateRef,
  certificateDer: Uint8Array,
): SigningCertificateCheck {
  const first = ref.certs[0];
  const alg = first.hashAlgorithm.name;
  if (!alg) {
    return {
      matches: false,
      hashMatches: false,
      reason: `unsupported ESSCertID hash ${first.hashAlgorithm.oid}`,
    };
  }
  const hashMatches = digest(alg, certificateDer).equals(first.certHash);
  let issuerSerialMatches: boolean | undefined;
  if (first.issuerSerial) {
    const cert = readCertificate(certificateDer);
    issuerSerialMatches =
      normalizeSerialHex(first.issuerSerial.serialHex) === normalizeSerialHex(cert.serialHex) &&
      first.issuerSerial.issuerNamesDer.some((n) => namesEqual(n, cert.issuer.der));
  }
  const matches = hashMatches && issuerSerialMatches !== false;
  const reason = !hashMatches
    ? `certificate ${alg} hash differs from the signing-certificate attribute`
    : issuerSerialMatches === false
      ? 'issuer/serial differ from the signing-certificate attribute'
      : undefined;
  return { matches, hashMatches, issuerSerialMatches, reason };
}
