import * as pkcs11js from 'pkcs11js';
import { encodeDigestInfo } from './digest-info';
import { ecdsaRawToDer } from './ecdsa-signature';
import { HASH_ALGORITHMS, digestOf, isHashAlgorithm, type HashAlgorithm } from './hash-algorithm';
import { Pkcs11Error } from './pkcs11.error';

export type KeyType = 'rsa' | 'ec';
export type SignatureScheme = 'pkcs1' | 'pss' | 'ecdsa';
type HashSuffix = 'SHA256' | 'SHA384' | 'SHA512';

/**
 * Signing mechanisms, each mapped to exactly one PKCS#11 mechanism. Whatever the mechanism, the
 * caller passes the to-be-signed bytes and gets a signature that verifies over those bytes with the
 * named hash; RSA signatures are the raw octets, ECDSA ones a DER ECDSA-Sig-Value.
 *
 * | name               | PKCS#11 mechanism       | who hashes |
 * |--------------------|-------------------------|------------|
 * | RSA_PKCS_SHAxxx     | CKM_SHAxxx_RSA_PKCS      | token      |
 * | RSA_PKCS_RAW_SHAxxx | CKM_RSA_PKCS (DigestInfo)| host       |
 * | RSA_PSS_SHAxxx      | CKM_SHAxxx_RSA_PKCS_PSS  | token      |
 * | RSA_PSS_RAW_SHAxxx  | CKM_RSA_PKCS_PSS         | host       |
 * | ECDSA_SHAxxx        | CKM_ECDSA                | host       |
 * | ECDSA_TOKEN_SHAxxx  | CKM_ECDSA_SHAxxx         | token      |
 *
 * ECDSA_SHAxxx uses bare CKM_ECDSA because every EC token has it (SoftHSM 2.6 has no CKM_ECDSA_SHA256).
 */
export type SignMechanism =
  | `RSA_PKCS_${HashSuffix}`
  | `RSA_PKCS_RAW_${HashSuffix}`
  | `RSA_PSS_${HashSuffix}`
  | `RSA_PSS_RAW_${HashSuffix}`
  | `ECDSA_${HashSuffix}`
  | `ECDSA_TOKEN_${HashSuffix}`;

export interface SignMechanismSpec {
  readonly name: SignMechanism;
  readonly scheme: SignatureScheme;
  readonly hash: HashAlgorithm;
  readonly keyType: KeyType;
  readonly ckm: number;
  readonly ckmName: string;
  readonly hashedBy: 'token' | 'host';
}

const HASH_SUFFIXES: Record<HashAlgorithm, HashSuffix> = {
  sha256: 'SHA256',
  sha384: 'SHA384',
  sha512: 'SHA512',
};

function buildMechanismTable(): Record<SignMechanism, SignMechanismSpec> {
  const table = {} as Record<SignMechanism, SignMechanismSpec>;
  const add = (spec: Omit<SignMechanismSpec, 'ckm'>): void => {
    const ckm = (pkcs11js as unknown as Record<string, number>)[spec.ckmName];
    table[spec.name] = Object.freeze({ ...spec, ckm });
  };
  for (const hash of Object.keys(HASH_SUFFIXES) as HashAlgorithm[]) {
    const h = HASH_SUFFIXES[hash];
    add({
      name: `RSA_PKCS_${h}`,
      scheme: 'pkcs1',
      hash,
      keyType: 'rsa',
      ckmName: `CKM_${h}_RSA_PKCS`,
      hashedBy: 'token',
    });
    add({
      name: `RSA_PKCS_RAW_${h}`,
      scheme: 'pkcs1',
      hash,
      keyType: 'rsa',
      ckmName: 'CKM_RSA_PKCS',
      hashedBy: 'host',
    });
    add({
      name: `RSA_PSS_${h}`,
      scheme: 'pss',
      hash,
      keyType: 'rsa',
      ckmName: `CKM_${h}_RSA_PKCS_PSS`,
      hashedBy: 'token',
    });
    add({
      name: `RSA_PSS_RAW_${h}`,
      scheme: 'pss',
      hash,
      keyType: 'rsa',
      ckmName: 'CKM_RSA_PKCS_PSS',
      hashedBy: 'host',
    });
    add({ name: `ECDSA_${h}`, scheme: 'ecdsa', hash, keyType: 'ec', ckmName: 'CKM_ECDSA', hashedBy: 'host' });
    add({
      name: `ECDSA_TOKEN_${h}`,
      scheme: 'ecdsa',
      hash,
      keyType: 'ec',
      ckmName: `CKM_ECDSA_${h}`,
      hashedBy: 'token',
    });
  }
  return table;
}

export const SIGN_MECHANISMS: Readonly<Record<SignMechanism, SignMechanismSpec>> =
  Object.freeze(buildMechanismTable());

export function signMechanismSpec(name: string): SignMechanismSpec {
  const spec = Object.prototype.hasOwnProperty.call(SIGN_MECHANISMS, name)
    ? SIGN_MECHANISMS[name as SignMechanism]
    : undefined;
  if (!spec) throw Pkcs11Error.mechanismNotSupported(`the unknown signing mechanism "${name}"`);
  return spec;
}

/** The CK_MECHANISM to pass to C_SignInit. PSS salt length equals the hash length (RFC 8017 default, RFC 4055). */
export function ckMechanismOf(spec: SignMechanismSpec): pkcs11js.Mechanism {
  if (spec.scheme !== 'pss') return { mechanism: spec.ckm };
  const hash = HASH_ALGORITHMS[spec.hash];
  const parameter: pkcs11js.RsaPSS = {
    type: pkcs11js.CK_PARAMS_RSA_PSS,
    hashAlg: hash.ckmDigest,
    mgf: hash.ckgMgf1,
    saltLen: hash.digestLength,
  };
  return { mechanism: spec.ckm, parameter };
}

/**
 * What goes into C_Sign. `prehashed` means `data` already is the digest (the token agent receives
 * only a hash); only host-hashed mechanisms can sign that.
 */
export function signInputOf(spec: SignMechanismSpec, data: Uint8Array, prehashed = false): Buffer {
  if (spec.hashedBy === 'token') {
    if (prehashed) {
      throw Pkcs11Error.mechanismNotSupported(
        `${spec.name} over a precomputed digest (it hashes on the token)`,
      );
    }
    return Buffer.from(data);
  }
  const expected = HASH_ALGORITHMS[spec.hash].digestLength;
  if (prehashed && data.length !== expected) {
    throw new RangeError(`${spec.hash} digest must be ${expected} bytes, got ${data.length}`);
  }
  const digest = prehashed ? Buffer.from(data) : digestOf(spec.hash, data);
  return spec.scheme === 'pkcs1' ? encodeDigestInfo(spec.hash, digest) : digest;
}

export function signatureOutputOf(spec: SignMechanismSpec, raw: Buffer): Buffer {
  return spec.scheme === 'ecdsa' ? ecdsaRawToDer(raw) : Buffer.from(raw);
}

export interface SignatureRequest {
  readonly hash: HashAlgorithm;
  readonly scheme: SignatureScheme;
  /** `data` is already the digest: only host-hashed mechanisms qualify. */
  readonly prehashed?: boolean;
}

/** Preferred first. RSA: the token hashes when it can; ECDSA: bare CKM_ECDSA, which every EC token has. */
const PREFERENCE: Record<SignatureScheme, readonly ((h: HashSuffix) => SignMechanism)[]> = {
  pkcs1: [(h) => `RSA_PKCS_${h}`, (h) => `RSA_PKCS_RAW_${h}`],
  pss: [(h) => `RSA_PSS_${h}`, (h) => `RSA_PSS_RAW_${h}`],
  ecdsa: [(h) => `ECDSA_${h}`, (h) => `ECDSA_TOKEN_${h}`],
};

const SCHEME_KEY_TYPE: Record<SignatureScheme, KeyType> = { pkcs1: 'rsa', pss: 'rsa', ecdsa: 'ec' };

/** Picks the mechanism for `request` among those the token lists (C_GetMechanismList). */
export function chooseSignMechanism(
  keyType: KeyType,
  request: SignatureRequest,
  supported: ReadonlySet<number>,
): SignMechanism {
  const { hash, scheme } = request;
  if (!isHashAlgorithm(hash)) throw Pkcs11Error.mechanismNotSupported(`the hash algorithm "${String(hash)}"`);
  if (!Object.prototype.hasOwnProperty.call(SCHEME_KEY_TYPE, scheme)) {
    throw Pkcs11Error.mechanismNotSupported(`the signature scheme "${String(scheme)}"`);
  }
  if (SCHEME_KEY_TYPE[scheme] !== keyType) {
    throw Pkcs11Error.mechanismNotSupported(`${scheme} signatures with an ${keyType.toUpperCase()} key`);
  }
  const candidates = PREFERENCE[scheme]
    .map((make) => SIGN_MECHANISMS[make(HASH_SUFFIXES[hash])])
    .filter((spec) => !request.prehashed || spec.hashedBy === 'host');
  const chosen = candidates.find((spec) => supported.has(spec.ckm));
  if (!chosen) {
    throw Pkcs11Error.mechanismNotSupported(
      `${scheme} with ${hash} (needs one of ${candidates.map((spec) => spec.ckmName).join(', ')})`,
    );
  }
  return chosen.name;
}
