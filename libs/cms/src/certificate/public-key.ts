import { createPublicKey, KeyObject } from 'node:crypto';
import { BoundedMap } from '@kyso/common';
import { CmsError, CmsErrorCode } from '../cms-error';
import { childrenOf, expectSequence, isUniversal, rawOf, readRoot, UniversalTag } from '../asn1/der-reader';

/**
 * Parsing an RSA SubjectPublicKeyInfo into a KeyObject costs about a millisecond, and the same few keys (a
 * commune's leaders, its CA, the TSA) verify thousands of signatures: keep the most recent ones.
 */
const KEY_CACHE_SIZE = 512;
const keyCache = new BoundedMap<KeyObject>(KEY_CACHE_SIZE);

/** A public key as callers hold it: a KeyObject (fastest, reuse it), SPKI DER, or a certificate DER. */
export type PublicKeyInput = KeyObject | Uint8Array;

/**
 * KeyObject from any {@link PublicKeyInput}. SPKI and certificate are told apart by shape: an SPKI starts
 * with an AlgorithmIdentifier (SEQUENCE { OID ...}), a certificate with a TBSCertificate.
 */
export function toPublicKey(input: PublicKeyInput): KeyObject {
  if (input instanceof KeyObject) {
    if (input.type === 'private') return createPublicKey(input);
    if (input.type !== 'public')
      throw new CmsError(CmsErrorCode.InvalidArgument, 'secret key given as public key');
    return input;
  }
  try {
    const spki = spkiOf(input);
    const key = Buffer.from(spki.buffer, spki.byteOffset, spki.length).toString('latin1');
    let cached = keyCache.get(key);
    if (!cached) {
      cached = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
      keyCache.set(key, cached);
    }
    return cached;
  } catch (err) {
    if (err instanceof CmsError) throw err;
    throw new CmsError(
      CmsErrorCode.UnsupportedAlgorithm,
      `public key not usable: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
}

/** SubjectPublicKeyInfo bytes of an SPKI or certificate DER (a view, not a copy). */
export function spkiOf(der: Uint8Array): Uint8Array {
  const root = readRoot(der, 'public key');
  const first = expectSequence(root, 'public key', 4)[0];
  if (first && isUniversal(first, UniversalTag.Sequence)) {
    const inner = childrenOf(first, 16);
    if (inner[0] && isUniversal(inner[0], UniversalTag.ObjectIdentifier)) return rawOf(root);
    // TBSCertificate: [0] version?, serial, signature, issuer, validity, subject, spki ...
    const offset = inner[0] && !isUniversal(inner[0], UniversalTag.Integer) ? 1 : 0;
    const spki = inner[offset + 5];
    if (spki && isUniversal(spki, UniversalTag.Sequence)) return rawOf(spki);
  }
  throw new CmsError(CmsErrorCode.Malformed, 'neither a SubjectPublicKeyInfo nor a certificate');
}
