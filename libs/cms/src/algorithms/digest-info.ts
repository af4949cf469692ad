import { CmsError, CmsErrorCode, malformed } from '../cms-error';
import { expectSequence, readRoot } from '../asn1/der-reader';
import { readOctetString } from '../asn1/der-values';
import { octetString, sequence } from '../asn1/der-writer';
import {
  digestAlgorithmInfo,
  DigestAlgorithmName,
  encodeDigestAlgorithmIdentifier,
  parseDigestAlgorithmIdentifier,
  requireDigestName,
} from './digest-algorithm';

/**
 * PKCS#1 v1.5 DigestInfo (RFC 8017 9.2), for tokens that only offer raw RSA (CKM_RSA_PKCS): signing this
 * DER with raw RSA gives the same bytes as CKM_SHA256_RSA_PKCS over the message. The algorithm
 * parameters are NULL, as in the fixed prefixes of RFC 8017 note 1.
 */
export function encodeDigestInfo(algorithm: DigestAlgorithmName, hash: Uint8Array): Buffer {
  const info = digestAlgorithmInfo(algorithm);
  if (hash.length !== info.length) {
    throw new CmsError(
      CmsErrorCode.InvalidArgument,
      `${algorithm} digest must be ${info.length} bytes, got ${hash.length}`,
    );
  }
  return sequence(encodeDigestAlgorithmIdentifier(algorithm, true), octetString(hash));
}

export interface DigestInfo {
  readonly algorithm: DigestAlgorithmName;
  readonly digest: Buffer;
}

export function decodeDigestInfo(der: Uint8Array): DigestInfo {
  const [alg, value, extra] = expectSequence(readRoot(der, 'DigestInfo'), 'DigestInfo', 3);
  if (extra) throw malformed('DigestInfo: unexpected trailing field');
  const algorithm = requireDigestName(parseDigestAlgorithmIdentifier(alg, 'DigestInfo.digestAlgorithm'));
  const digest = Buffer.from(readOctetString(value, 'DigestInfo.digest'));
  if (digest.length !== digestAlgorithmInfo(algorithm).length)
    throw malformed('DigestInfo: digest length mismatch');
  return { algorithm, digest };
}
