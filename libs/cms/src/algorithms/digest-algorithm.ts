import { createHash } from 'node:crypto';
import { CmsError, CmsErrorCode } from '../cms-error';
import { childrenOf, DerNode, expectUniversal, isUniversal, UniversalTag } from '../asn1/der-reader';
import { readOid } from '../asn1/der-values';
import { nullValue, oid, sequence } from '../asn1/der-writer';
import { OID } from '../asn1/oids';

/** Digest algorithms this library recognises (for validation); only some are acceptable for new signatures. */
export type DigestAlgorithmName =
  'md5' | 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512' | 'sha3-256' | 'sha3-384' | 'sha3-512';

/** Digests kyso produces (Circular 15/2025: SHA-256/384/512). */
export type SigningDigestAlgorithm = 'sha256' | 'sha384' | 'sha512';

export interface DigestAlgorithmInfo {
  readonly name: DigestAlgorithmName;
  readonly oid: string;
  /** Output length in bytes. */
  readonly length: number;
  /** False for algorithms broken for signatures (MD5, SHA-1): recognised only to report them. */
  readonly secure: boolean;
}

const ALGORITHMS: readonly DigestAlgorithmInfo[] = [
  { name: 'md5', oid: OID.md5, length: 16, secure: false },
  { name: 'sha1', oid: OID.sha1, length: 20, secure: false },
  { name: 'sha224', oid: OID.sha224, length: 28, secure: true },
  { name: 'sha256', oid: OID.sha256, length: 32, secure: true },
  { name: 'sha384', oid: OID.sha384, length: 48, secure: true },
  { name: 'sha512', oid: OID.sha512, length: 64, secure: true },
  { name: 'sha3-256', oid: OID.sha3_256, length: 32, secure: true },
  { name: 'sha3-384', oid: OID.sha3_384, length: 48, secure: true },
  { name: 'sha3-512', oid: OID.sha3_512, length: 64, secure: true },
];

const BY_NAME = new Map(ALGORITHMS.map((a) => [a.name, a]));
const BY_OID = new Map(ALGORITHMS.map((a) => [a.oid, a]));

export const SIGNING_DIGEST_ALGORITHMS: readonly SigningDigestAlgorithm[] = ['sha256', 'sha384', 'sha512'];

export function digestAlgorithmInfo(name: DigestAlgorithmName): DigestAlgorithmInfo {
  const info = BY_NAME.get(name);
  if (!info) throw new CmsError(CmsErrorCode.UnsupportedAlgorithm, `digest algorithm "${String(name)}"`);
  return info;
}

export function digestAlgorithmByOid(dotted: string): DigestAlgorithmInfo | undefined {
  return BY_OID.get(dotted);
}

export function assertSigningDigest(name: string): SigningDigestAlgorithm {
  if (!(SIGNING_DIGEST_ALGORITHMS as readonly string[]).includes(name)) {
    throw new CmsError(
      CmsErrorCode.UnsupportedAlgorithm,
      `digest algorithm "${name}" is not allowed for signing (use sha256, sha384 or sha512)`,
    );
  }
  return name as SigningDigestAlgorithm;
}

/** Hash of one buffer or of several concatenated, without copying them together. */
export function digest(name: DigestAlgorithmName, data: Uint8Array | readonly Uint8Array[]): Buffer {
  const h = createHash(digestAlgorithmInfo(name).name);
  if (data instanceof Uint8Array) h.update(data);
  else for (const part of data) h.update(part);
  return h.digest();
}

/**
 * AlgorithmIdentifier for a digest. RFC 5754 3: parameters SHOULD be absent for SHA-2 when generating,
 * and verifiers MUST accept both absent and NULL.
 */
export function encodeDigestAlgorithmIdentifier(
  name: DigestAlgorithmName,
  withNullParameters = false,
): Buffer {
  const info = digestAlgorithmInfo(name);
  return withNullParameters ? sequence(oid(info.oid), nullValue()) : sequence(oid(info.oid));
}

/** A parsed digest AlgorithmIdentifier; `name` is undefined for OIDs this library does not know. */
export interface DigestAlgorithmRef {
  readonly oid: string;
  readonly name?: DigestAlgorithmName;
}

export function parseDigestAlgorithmIdentifier(node: DerNode, what = 'digestAlgorithm'): DigestAlgorithmRef {
  const parts = childrenOf(expectUniversal(node, UniversalTag.Sequence, what), 3);
  const dotted = readOid(parts[0], what);
  if (parts.length > 1 && !isUniversal(parts[1], UniversalTag.Null)) {
    // Digest algorithms have no parameters other than NULL; anything else is someone else's algorithm.
    return { oid: dotted };
  }
  return { oid: dotted, name: digestAlgorithmByOid(dotted)?.name };
}

/** Name of a parsed reference, or a typed error saying which OID is not supported. */
export function requireDigestName(ref: DigestAlgorithmRef): DigestAlgorithmName {
  if (!ref.name) throw new CmsError(CmsErrorCode.UnsupportedAlgorithm, `digest algorithm OID ${ref.oid}`);
  return ref.name;
}
