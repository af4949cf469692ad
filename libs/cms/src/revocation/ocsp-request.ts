import { randomBytes } from 'node:crypto';
import { explicit, octetString, oid, sequence } from '../asn1/der-writer';
import { OID } from '../asn1/oids';
import { digest, DigestAlgorithmName, encodeDigestAlgorithmIdentifier } from '../algorithms/digest-algorithm';
import { CertificateInfo } from '../certificate/certificate-info';

/** RFC 6960 CertID: which certificate a request or answer is about. */
export interface CertId {
  readonly hashAlgorithm: DigestAlgorithmName;
  readonly issuerNameHash: Buffer;
  readonly issuerKeyHash: Buffer;
  readonly serialHex: string;
}

/** CertID of `cert` (issued by `issuer`): hashes of the issuer name as encoded in `cert` and of the issuer key. */
export function certIdFor(
  cert: CertificateInfo,
  issuer: CertificateInfo,
  hashAlgorithm: DigestAlgorithmName = 'sha1',
): CertId {
  // Parsed certificates are shared and immutable, so each pair's CertID is computed once: validation asks
  // for it for every OCSP response of every document a leader signed.
  const byIssuer = certIds.get(cert) ?? new WeakMap<CertificateInfo, Map<DigestAlgorithmName, CertId>>();
  certIds.set(cert, byIssuer);
  const byAlgorithm = byIssuer.get(issuer) ?? new Map<DigestAlgorithmName, CertId>();
  byIssuer.set(issuer, byAlgorithm);
  let id = byAlgorithm.get(hashAlgorithm);
  if (!id) {
    id = Object.freeze({
      hashAlgorithm,
      issuerNameHash: digest(hashAlgorithm, cert.issuer.der),
      issuerKeyHash: digest(hashAlgorithm, issuer.publicKeyBits),
      serialHex: cert.serialHex,
    });
    byAlgorithm.set(hashAlgorithm, id);
  }
  return id;
}

const certIds = new WeakMap<CertificateInfo, WeakMap<CertificateInfo, Map<DigestAlgorithmName, CertId>>>();

export interface OcspRequestParams {
  readonly certificate: CertificateInfo;
  readonly issuer: CertificateInfo;
  /**
   * CertID hash. SHA-1 is what every responder understands (RFC 5019 requires it) and is not a
   * security concern here: the response signature protects the answer.
   */
  readonly hashAlgorithm?: DigestAlgorithmName;
  /** Nonce bytes (RFC 8954: 1–32), `false` for none; default 32 random bytes. */
  readonly nonce?: Uint8Array | false;
}

export interface OcspRequest {
  readonly der: Buffer;
  readonly certId: CertId;
  readonly nonce?: Buffer;
}

/** DER OCSPRequest for one certificate, unsigned, with an optional nonce extension. */
export function buildOcspRequest(params: OcspRequestParams): OcspRequest {
  const certId = certIdFor(params.certificate, params.issuer, params.hashAlgorithm ?? 'sha1');
  const nonce = params.nonce === false ? undefined : Buffer.from(params.nonce ?? randomBytes(32));
  const certIdDer = sequence(
    encodeDigestAlgorithmIdentifier(certId.hashAlgorithm, true),
    octetString(certId.issuerNameHash),
    octetString(certId.issuerKeyHash),
    params.certificate.serialDer,
  );
  const extensions = nonce
    ? [explicit(2, sequence(sequence(oid(OID.ocspNonce), octetString(octetString(nonce)))))]
    : [];
  const der = sequence(sequence(sequence(sequence(certIdDer)), ...extensions));
  return { der, certId, nonce };
}
