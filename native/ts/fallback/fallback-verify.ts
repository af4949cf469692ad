import { constants, createPublicKey, verify, type KeyObject } from 'node:crypto';

import { DIGEST_LENGTH, parseSignatureAlgorithm, type ParsedSignatureAlgorithm } from '../algorithms';
import { NativeErrorCode, type RawItemError } from '../errors';
import type { NormalizedVerifyItem } from '../validate';
import { isSingleSequence, spkiPublicKeyBits } from './der';
import { toBigInt, verifyEcdsaDigest } from './ecdsa-digest-verify';
import { verifyRsaPkcs1Digest, verifyRsaPssDigest } from './rsa-digest-verify';
import { CURVES } from './weierstrass-curves';

type Failure = Omit<RawItemError, 'index'>;

interface DecodedKey {
  readonly key: KeyObject;
  /** node:crypto asymmetricKeyType: 'rsa', 'rsa-pss', 'ec', 'ed25519', … (the native core's names too). */
  readonly type: string;
  /** For pre-hashed RSA: an 'rsa' key with the same modulus, since publicDecrypt refuses 'rsa-pss' keys. */
  rawRsaKey?: KeyObject;
}

const SCHEME_KEY_TYPES: Readonly<Record<ParsedSignatureAlgorithm['scheme'], readonly string[]>> = {
  'rsa-pkcs1': ['rsa'],
  'rsa-pss': ['rsa', 'rsa-pss'],
  ecdsa: ['ec'],
};

function verifyAsync(
  hash: string,
  data: Uint8Array,
  key: Parameters<typeof verify>[2],
  signature: Uint8Array,
): Promise<boolean> {
  // The callback form runs on libuv's thread pool; an OpenSSL error means "not valid", as natively.
  return new Promise((resolve) =>
    verify(hash, data, key, signature, (error, valid) => resolve(!error && valid)),
  );
}

/** Verifies one batch with node:crypto; same results and errors as native/src/verify_batch.cc. */
export class FallbackVerifier {
  // Keys decoded once per distinct DER, like the native PublicKeyCache.
  private readonly keys = new Map<string, DecodedKey | Failure>();

  async verify(item: NormalizedVerifyItem): Promise<boolean | Failure> {
    const algorithm = parseSignatureAlgorithm(item.algorithm);
    if (!algorithm) return { code: NativeErrorCode.UnknownAlgorithm, algorithm: item.algorithm };
    const expectedLength = DIGEST_LENGTH[algorithm.hash];
    if (item.digest && item.digest.length !== expectedLength) {
      const actualLength = item.digest.length;
      return {
        code: NativeErrorCode.DigestLengthMismatch,
        algorithm: item.algorithm,
        expectedLength,
        actualLength,
      };
    }
    const decoded = this.decode(item.publicKey);
    if ('code' in decoded) return decoded;
    const mismatch: Failure = {
      code: NativeErrorCode.KeyAlgorithmMismatch,
      keyType: decoded.type,
      algorithm: item.algorithm,
    };
    if (!SCHEME_KEY_TYPES[algorithm.scheme].includes(decoded.type)) return mismatch;

    let saltLength: number | 'auto' = item.pssSaltLength ?? 'auto';
    if (decoded.type === 'rsa-pss') {
      // OpenSSL enforces an RSASSA-PSS key's parameters: its hash, its MGF1 hash, its minimum salt,
      // which is also the salt length it requires when none is asked for.
      const details = decoded.key.asymmetricKeyDetails ?? {};
      if (details.hashAlgorithm !== undefined && details.hashAlgorithm !== algorithm.hash) return mismatch;
      if (details.mgf1HashAlgorithm !== undefined && details.mgf1HashAlgorithm !== algorithm.hash)
        return mismatch;
      if (details.saltLength !== undefined) {
        if (saltLength !== 'auto' && saltLength < details.saltLength) return mismatch;
        if (saltLength === 'auto') saltLength = details.saltLength;
      }
    }

    if (item.data) {
      const options =
        algorithm.scheme === 'ecdsa'
          ? { key: decoded.key, dsaEncoding: 'der' as const }
          : algorithm.scheme === 'rsa-pkcs1'
            ? { key: decoded.key, padding: constants.RSA_PKCS1_PADDING }
            : {
                key: decoded.key,
                padding: constants.RSA_PKCS1_PSS_PADDING,
                saltLength: saltLength === 'auto' ? constants.RSA_PSS_SALTLEN_AUTO : saltLength,
              };
      return verifyAsync(algorithm.hash, item.data, options, item.signature);
    }
    const digest = item.digest as Uint8Array;
    if (algorithm.scheme === 'ecdsa') return this.verifyEcdsa(decoded, item, digest);
    const modulusBits = decoded.key.asymmetricKeyDetails?.modulusLength ?? 0;
    const rsaKey = this.rawRsaKey(decoded, item.publicKey);
    return algorithm.scheme === 'rsa-pkcs1'
      ? verifyRsaPkcs1Digest(rsaKey, modulusBits, algorithm.hash, digest, item.signature)
      : verifyRsaPssDigest(rsaKey, modulusBits, algorithm.hash, digest, item.signature, saltLength);
  }

  private decode(der: Uint8Array): DecodedKey | Failure {
    const cacheKey = Buffer.from(der.buffer, der.byteOffset, der.length).toString('latin1');
    let decoded = this.keys.get(cacheKey);
    if (!decoded) {
      decoded = { code: NativeErrorCode.InvalidPublicKey };
      if (isSingleSequence(der)) {
        try {
          const key = createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' });
          decoded = { key, type: key.asymmetricKeyType ?? 'unknown' };
        } catch {
          // stays InvalidPublicKey
        }
      }
      this.keys.set(cacheKey, decoded);
    }
    return decoded;
  }

  private rawRsaKey(decoded: DecodedKey, spki: Uint8Array): KeyObject {
    if (decoded.type === 'rsa') return decoded.key;
    // id-RSASSA-PSS SPKI: the subjectPublicKey is the same PKCS#1 RSAPublicKey as for rsaEncryption.
    decoded.rawRsaKey ??= createPublicKey({
      key: Buffer.from(spkiPublicKeyBits(spki) ?? []),
      format: 'der',
      type: 'pkcs1',
    });
    return decoded.rawRsaKey;
  }

  private verifyEcdsa(
    decoded: DecodedKey,
    item: NormalizedVerifyItem,
    digest: Uint8Array,
  ): boolean | Failure {
    let jwk: { crv?: string; x?: string; y?: string };
    try {
      jwk = decoded.key.export({ format: 'jwk' });
    } catch {
      jwk = {};
    }
    const curve = jwk.crv === undefined ? undefined : CURVES[jwk.crv];
    if (!curve || jwk.x === undefined || jwk.y === undefined) {
      const detail = `curve ${decoded.key.asymmetricKeyDetails?.namedCurve ?? 'unknown'}`;
      return {
        code: NativeErrorCode.FallbackUnsupported,
        algorithm: item.algorithm,
        keyType: decoded.type,
        detail,
      };
    }
    const qx = toBigInt(Buffer.from(jwk.x, 'base64url'));
    const qy = toBigInt(Buffer.from(jwk.y, 'base64url'));
    return verifyEcdsaDigest(curve, qx, qy, digest, item.signature);
  }
}
