import { constants, createVerify, KeyObject, verify, VerifyKeyObjectInput } from 'node:crypto';
import { CmsError, CmsErrorCode } from '../cms-error';
import { PublicKeyInput, toPublicKey } from '../certificate/public-key';
import { DigestAlgorithmName } from './digest-algorithm';
import { SignatureAlgorithmRef, SignatureScheme } from './signature-algorithm';

export interface SignatureValueCheck {
  readonly valid: boolean;
  readonly scheme: SignatureScheme;
  readonly hashAlgorithm?: DigestAlgorithmName;
  /** Why the signature is invalid, in English, for logs and reports. */
  readonly reason?: string;
}

export interface VerifySignatureValueParams {
  /** The exact signed bytes (TBSCertificate, DER SET of signed attributes, ...), or consecutive parts of them. */
  readonly data: Uint8Array | readonly Uint8Array[];
  readonly signature: Uint8Array;
  readonly algorithm: SignatureAlgorithmRef;
  /** Used when the algorithm does not fix the hash (rsaEncryption, id-ecPublicKey in a SignerInfo). */
  readonly digestAlgorithm?: DigestAlgorithmName;
  readonly publicKey: PublicKeyInput;
}

const KEY_TYPES: Record<SignatureScheme, readonly string[]> = {
  'rsa-pkcs1': ['rsa'],
  'rsa-pss': ['rsa', 'rsa-pss'],
  ecdsa: ['ec'],
  ed25519: ['ed25519'],
  ed448: ['ed448'],
};

/**
 * Verifies one signature value with node:crypto (OpenSSL). Throws only when the algorithm cannot be
 * verified at all (UNSUPPORTED_ALGORITHM); a wrong key or a bad value is a result with `valid: false`.
 */
export function verifySignatureValue(params: VerifySignatureValueParams): SignatureValueCheck {
  const { algorithm } = params;
  const scheme = algorithm.scheme;
  if (!scheme) throw new CmsError(CmsErrorCode.UnsupportedAlgorithm, `signature algorithm ${algorithm.oid}`);
  const key: KeyObject = toPublicKey(params.publicKey);
  const hashAlgorithm =
    scheme === 'ed25519' || scheme === 'ed448'
      ? undefined
      : (algorithm.hashAlgorithm ?? params.digestAlgorithm);
  const result = (valid: boolean, reason?: string): SignatureValueCheck => ({
    valid,
    scheme,
    hashAlgorithm,
    reason,
  });

  if (!KEY_TYPES[scheme].includes(key.asymmetricKeyType ?? '')) {
    return result(false, `a ${key.asymmetricKeyType ?? 'unknown'} key cannot verify a ${scheme} signature`);
  }
  if (scheme !== 'ed25519' && scheme !== 'ed448' && !hashAlgorithm) {
    throw new CmsError(CmsErrorCode.UnsupportedAlgorithm, `${algorithm.name} without a digest algorithm`);
  }
  const signature = params.signature;
  const check = (hash: string, options: VerifyKeyObjectInput): boolean => {
    if (params.data instanceof Uint8Array) return verify(hash, params.data, options, signature);
    const v = createVerify(hash);
    for (const part of params.data) v.update(part);
    return v.verify(options, signature);
  };
  try {
    switch (scheme) {
      case 'rsa-pkcs1':
        return result(check(hashAlgorithm!, { key, padding: constants.RSA_PKCS1_PADDING }));
      case 'rsa-pss': {
        const pss = algorithm.pss;
        if (!pss)
          throw new CmsError(CmsErrorCode.UnsupportedAlgorithm, 'RSASSA-PSS without usable parameters');
        if (pss.maskGenHashAlgorithm !== pss.hashAlgorithm) {
          // OpenSSL via node:crypto ties the MGF1 hash to the message hash.
          throw new CmsError(
            CmsErrorCode.UnsupportedAlgorithm,
            'RSASSA-PSS with an MGF1 hash different from the hash',
          );
        }
        if (pss.trailerField !== 1) return result(false, `PSS trailer field ${pss.trailerField}`);
        return result(
          check(pss.hashAlgorithm, {
            key,
            padding: constants.RSA_PKCS1_PSS_PADDING,
            saltLength: pss.saltLength,
          }),
        );
      }
      case 'ecdsa':
        return result(
          check(hashAlgorithm!, {
            key,
            dsaEncoding: algorithm.ecdsaEncoding === 'plain' ? 'ieee-p1363' : 'der',
          }),
        );
      case 'ed25519':
      case 'ed448': {
        // EdDSA has no streaming interface: it hashes the message twice.
        const data = params.data instanceof Uint8Array ? params.data : Buffer.concat([...params.data]);
        return result(verify(null, data, key, signature));
      }
    }
  } catch (err) {
    if (err instanceof CmsError) throw err;
    return result(false, (err as Error).message);
  }
  return result(false, 'unreachable');
}

/** An X.509-style signed structure: certificate, CRL, BasicOCSPResponse. */
export interface SignedStructure {
  readonly tbsDer: Uint8Array;
  readonly signature: Uint8Array;
  readonly signatureAlgorithm: SignatureAlgorithmRef;
}

/**
 * Whether `key` signed the structure's TBS bytes. An algorithm that cannot be verified at all is an invalid
 * signature with the reason, not an exception: the callers report it as one.
 */
export function checkStructureSignature(
  signed: SignedStructure,
  key: PublicKeyInput,
): { readonly valid: boolean; readonly reason?: string } {
  try {
    const check = verifySignatureValue({
      data: signed.tbsDer,
      signature: signed.signature,
      algorithm: signed.signatureAlgorithm,
      publicKey: key,
    });
    return { valid: check.valid, reason: check.reason };
  } catch (err) {
    if (!(err instanceof CmsError)) throw err;
    return { valid: false, reason: err.message };
  }
}
