import { DER_NULL, derObjectIdentifier, derOctetString, derSequence } from './der';
import { HASH_ALGORITHMS, type HashAlgorithm } from './hash-algorithm';

/**
 * DER DigestInfo ::= SEQUENCE { AlgorithmIdentifier { oid, NULL }, OCTET STRING digest } (RFC 8017 §9.2).
 * CKM_RSA_PKCS only adds the PKCS#1 v1.5 padding, so for tokens that lack CKM_SHAxxx_RSA_PKCS the
 * caller must supply this structure; the result is byte-identical to the combined mechanism's.
 * The parameters are an explicit NULL, as RFC 8017 requires for the SHA-2 family.
 */
export function encodeDigestInfo(hash: HashAlgorithm, digest: Uint8Array): Buffer {
  const spec = HASH_ALGORITHMS[hash];
  if (digest.length !== spec.digestLength) {
    throw new RangeError(`${hash} digest must be ${spec.digestLength} bytes, got ${digest.length}`);
  }
  return derSequence(
    derSequence(derObjectIdentifier(spec.oid), DER_NULL),
    derOctetString(Buffer.from(digest)),
  );
}
