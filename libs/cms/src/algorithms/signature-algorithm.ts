import { CmsError, CmsErrorCode, malformed } from '../cms-error';
import {
  childrenOf,
  DerNode,
  expectUniversal,
  explicitInner,
  isContext,
  isUniversal,
  readNode,
  UniversalTag,
} from '../asn1/der-reader';
import { readOid, readSmallInt } from '../asn1/der-values';
import { explicit, integer, nullValue, oid, sequence } from '../asn1/der-writer';
import { OID } from '../asn1/oids';
import {
  digestAlgorithmInfo,
  DigestAlgorithmName,
  encodeDigestAlgorithmIdentifier,
  parseDigestAlgorithmIdentifier,
  SigningDigestAlgorithm,
} from './digest-algorithm';

/** Signature schemes this library can verify. */
export type SignatureScheme = 'rsa-pkcs1' | 'rsa-pss' | 'ecdsa' | 'ed25519' | 'ed448';

/** Schemes kyso produces with a token or a software key. */
export type SigningScheme = 'rsa-pkcs1' | 'rsa-pss' | 'ecdsa';

export interface PssParameters {
  readonly hashAlgorithm: DigestAlgorithmName;
  readonly maskGenHashAlgorithm: DigestAlgorithmName;
  readonly saltLength: number;
  readonly trailerField: number;
}

/** A parsed signature AlgorithmIdentifier. Unknown OIDs parse (scheme undefined) and fail only at verification. */
export interface SignatureAlgorithmRef {
  readonly oid: string;
  readonly name: string;
  readonly scheme?: SignatureScheme;
  /** Hash fixed by the OID or the PSS parameters; undefined for rsaEncryption / id-ecPublicKey. */
  readonly hashAlgorithm?: DigestAlgorithmName;
  /** ECDSA value format: DER SEQUENCE { r, s } or BSI "plain" r‖s. */
  readonly ecdsaEncoding?: 'der' | 'plain';
  readonly pss?: PssParameters;
}

interface KnownAlgorithm {
  readonly name: string;
  readonly scheme: SignatureScheme;
  readonly hash?: DigestAlgorithmName;
  readonly ecdsaEncoding?: 'der' | 'plain';
}

const KNOWN: ReadonlyMap<string, KnownAlgorithm> = new Map<string, KnownAlgorithm>([
  [OID.rsaEncryption, { name: 'rsaEncryption', scheme: 'rsa-pkcs1' }],
  [OID.md5WithRSAEncryption, { name: 'md5WithRSAEncryption', scheme: 'rsa-pkcs1', hash: 'md5' }],
  [OID.sha1WithRSAEncryption, { name: 'sha1WithRSAEncryption', scheme: 'rsa-pkcs1', hash: 'sha1' }],
  [OID.sha224WithRSAEncryption, { name: 'sha224WithRSAEncryption', scheme: 'rsa-pkcs1', hash: 'sha224' }],
  [OID.sha256WithRSAEncryption, { name: 'sha256WithRSAEncryption', scheme: 'rsa-pkcs1', hash: 'sha256' }],
  [OID.sha384WithRSAEncryption, { name: 'sha384WithRSAEncryption', scheme: 'rsa-pkcs1', hash: 'sha384' }],
  [OID.sha512WithRSAEncryption, { name: 'sha512WithRSAEncryption', scheme: 'rsa-pkcs1', hash: 'sha512' }],
  [OID.rsaSha3_256, { name: 'sha3-256WithRSAEncryption', scheme: 'rsa-pkcs1', hash: 'sha3-256' }],
  [OID.rsaSha3_384, { name: 'sha3-384WithRSAEncryption', scheme: 'rsa-pkcs1', hash: 'sha3-384' }],
  [OID.rsaSha3_512, { name: 'sha3-512WithRSAEncryption', scheme: 'rsa-pkcs1', hash: 'sha3-512' }],
  [OID.rsassaPss, { name: 'RSASSA-PSS', scheme: 'rsa-pss' }],
  [OID.ecPublicKey, { name: 'ecPublicKey', scheme: 'ecdsa', ecdsaEncoding: 'der' }],
  [OID.ecdsaWithSha1, { name: 'ecdsa-with-SHA1', scheme: 'ecdsa', hash: 'sha1', ecdsaEncoding: 'der' }],
  [OID.ecdsaWithSha224, { name: 'ecdsa-with-SHA224', scheme: 'ecdsa', hash: 'sha224', ecdsaEncoding: 'der' }],
  [OID.ecdsaWithSha256, { name: 'ecdsa-with-SHA256', scheme: 'ecdsa', hash: 'sha256', ecdsaEncoding: 'der' }],
  [OID.ecdsaWithSha384, { name: 'ecdsa-with-SHA384', scheme: 'ecdsa', hash: 'sha384', ecdsaEncoding: 'der' }],
  [OID.ecdsaWithSha512, { name: 'ecdsa-with-SHA512', scheme: 'ecdsa', hash: 'sha512', ecdsaEncoding: 'der' }],
  [
    OID.ecdsaWithSha3_256,
    { name: 'ecdsa-with-SHA3-256', scheme: 'ecdsa', hash: 'sha3-256', ecdsaEncoding: 'der' },
  ],
  [
    OID.ecdsaWithSha3_384,
    { name: 'ecdsa-with-SHA3-384', scheme: 'ecdsa', hash: 'sha3-384', ecdsaEncoding: 'der' },
  ],
  [
    OID.ecdsaWithSha3_512,
    { name: 'ecdsa-with-SHA3-512', scheme: 'ecdsa', hash: 'sha3-512', ecdsaEncoding: 'der' },
  ],
  [OID.ecdsaPlainSha1, { name: 'ecdsa-plain-SHA1', scheme: 'ecdsa', hash: 'sha1', ecdsaEncoding: 'plain' }],
  [
    OID.ecdsaPlainSha224,
    { name: 'ecdsa-plain-SHA224', scheme: 'ecdsa', hash: 'sha224', ecdsaEncoding: 'plain' },
  ],
  [
    OID.ecdsaPlainSha256,
    { name: 'ecdsa-plain-SHA256', scheme: 'ecdsa', hash: 'sha256', ecdsaEncoding: 'plain' },
  ],
  [
    OID.ecdsaPlainSha384,
    { name: 'ecdsa-plain-SHA384', scheme: 'ecdsa', hash: 'sha384', ecdsaEncoding: 'plain' },
  ],
  [
    OID.ecdsaPlainSha512,
    { name: 'ecdsa-plain-SHA512', scheme: 'ecdsa', hash: 'sha512', ecdsaEncoding: 'plain' },
  ],
  [OID.ed25519, { name: 'Ed25519', scheme: 'ed25519' }],
  [OID.ed448, { name: 'Ed448', scheme: 'ed448' }],
]);

const ECDSA_BY_HASH: Record<SigningDigestAlgorithm, string> = {
  sha256: OID.ecdsaWithSha256,
  sha384: OID.ecdsaWithSha384,
  sha512: OID.ecdsaWithSha512,
};

const RSA_BY_HASH: Record<SigningDigestAlgorithm, string> = {
  sha256: OID.sha256WithRSAEncryption,
  sha384: OID.sha384WithRSAEncryption,
  sha512: OID.sha512WithRSAEncryption,
};

export interface SignatureAlgorithmEncodingOptions {
  /**
   * How RSA PKCS#1 v1.5 is named in a SignerInfo: plain `rsaEncryption` (what OpenSSL and most PAdES
   * signers write) or `sha256WithRSAEncryption` and friends. Both are valid per RFC 5652 / RFC 3370.
   */
  readonly rsaPkcs1Identifier?: 'rsaEncryption' | 'withDigest';
}

/** DER AlgorithmIdentifier for a signature kyso produces. */
export function encodeSignatureAlgorithmIdentifier(
  scheme: SigningScheme,
  hash: SigningDigestAlgorithm,
  options: SignatureAlgorithmEncodingOptions = {},
): Buffer {
  switch (scheme) {
    case 'rsa-pkcs1':
      return options.rsaPkcs1Identifier === 'withDigest'
        ? sequence(oid(RSA_BY_HASH[hash]), nullValue())
        : sequence(oid(OID.rsaEncryption), nullValue());
    case 'ecdsa':
      // RFC 5758 3.2: the parameters field MUST be absent.
      return sequence(oid(ECDSA_BY_HASH[hash]));
    case 'rsa-pss':
      return sequence(oid(OID.rsassaPss), encodePssParameters(hash));
    default:
      throw new CmsError(CmsErrorCode.UnsupportedAlgorithm, `signature scheme "${String(scheme)}"`);
  }
}

/** RSASSA-PSS-params with MGF1 over the same hash and salt length = hash length (RFC 4055, ETSI TS 119 312). */
export function encodePssParameters(hash: SigningDigestAlgorithm): Buffer {
  const hashId = encodeDigestAlgorithmIdentifier(hash, true);
  return sequence(
    explicit(0, hashId),
    explicit(1, sequence(oid(OID.mgf1), hashId)),
    explicit(2, integer(digestAlgorithmInfo(hash).length)),
  );
}

export function parseSignatureAlgorithmIdentifier(
  node: DerNode,
  what = 'signatureAlgorithm',
): SignatureAlgorithmRef {
  const parts = childrenOf(expectUniversal(node, UniversalTag.Sequence, what), 3);
  const dotted = readOid(parts[0], what);
  const known = KNOWN.get(dotted);
  if (!known) return { oid: dotted, name: dotted };
  if (known.scheme === 'rsa-pss') {
    let pss: PssParameters;
    try {
      pss = parsePssParameters(parts[1], what);
    } catch (err) {
      // Parsing must not fail on exotic parameters; verification reports them as unsupported.
      if (CmsError.is(err, CmsErrorCode.UnsupportedAlgorithm)) return { oid: dotted, name: known.name };
      throw err;
    }
    return { oid: dotted, name: known.name, scheme: 'rsa-pss', hashAlgorithm: pss.hashAlgorithm, pss };
  }
  return {
    oid: dotted,
    name: known.name,
    scheme: known.scheme,
    hashAlgorithm: known.hash,
    ecdsaEncoding: known.ecdsaEncoding,
  };
}

export function parseSignatureAlgorithmIdentifierDer(der: Uint8Array): SignatureAlgorithmRef {
  return parseSignatureAlgorithmIdentifier(readNode(der));
}

function parsePssParameters(node: DerNode | undefined, what: string): PssParameters {
  // Absent parameters mean all defaults: SHA-1, MGF1-SHA-1, salt 20, trailer 1 (RFC 4055 3.1).
  let hashAlgorithm: DigestAlgorithmName = 'sha1';
  let maskGenHashAlgorithm: DigestAlgorithmName = 'sha1';
  let saltLength = 20;
  let trailerField = 1;
  if (node && !isUniversal(node, UniversalTag.Null)) {
    for (const field of childrenOf(
      expectUniversal(node, UniversalTag.Sequence, `${what} PSS parameters`),
      4,
    )) {
      if (isContext(field, 0)) {
        hashAlgorithm = knownDigest(parseDigestAlgorithmIdentifier(explicitInner(field, what), what), what);
      } else if (isContext(field, 1)) {
        const mgf = childrenOf(expectUniversal(explicitInner(field, what), UniversalTag.Sequence, what), 2);
        if (readOid(mgf[0], what) !== OID.mgf1) {
          throw new CmsError(
            CmsErrorCode.UnsupportedAlgorithm,
            `${what}: mask generation function other than MGF1`,
          );
        }
        if (!mgf[1]) throw malformed(`${what}: MGF1 without hash`);
        maskGenHashAlgorithm = knownDigest(parseDigestAlgorithmIdentifier(mgf[1], what), what);
      } else if (isContext(field, 2)) {
        saltLength = readSmallInt(explicitInner(field, what), `${what} saltLength`);
      } else if (isContext(field, 3)) {
        trailerField = readSmallInt(explicitInner(field, what), `${what} trailerField`);
      } else {
        throw malformed(`${what}: unexpected field in PSS parameters`);
      }
    }
  }
  if (saltLength < 0 || saltLength > 1024) throw malformed(`${what}: PSS salt length ${saltLength}`);
  return { hashAlgorithm, maskGenHashAlgorithm, saltLength, trailerField };
}

function knownDigest(ref: { oid: string; name?: DigestAlgorithmName }, what: string): DigestAlgorithmName {
  if (!ref.name) throw new CmsError(CmsErrorCode.UnsupportedAlgorithm, `${what}: digest OID ${ref.oid}`);
  return ref.name;
}
