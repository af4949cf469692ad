import { createHash } from 'node:crypto';
import * as pkcs11js from 'pkcs11js';

/** Hash algorithms allowed for signatures by Circular 15/2025/TT-BKHCN. SHA-1 is deliberately absent. */
export type HashAlgorithm = 'sha256' | 'sha384' | 'sha512';

export interface HashAlgorithmSpec {
  readonly name: HashAlgorithm;
  readonly oid: string;
  readonly digestLength: number;
  /** CKM_SHAxxx: the hash mechanism named in CK_RSA_PKCS_PSS_PARAMS.hashAlg. */
  readonly ckmDigest: number;
  /** CKG_MGF1_SHAxxx: PSS uses MGF1 with the same hash as the message digest. */
  readonly ckgMgf1: number;
}

export const HASH_ALGORITHMS: Readonly<Record<HashAlgorithm, HashAlgorithmSpec>> = {
  sha256: {
    name: 'sha256',
    oid: '2.16.840.1.101.3.4.2.1',
    digestLength: 32,
    ckmDigest: pkcs11js.CKM_SHA256,
    ckgMgf1: pkcs11js.CKG_MGF1_SHA256,
  },
  sha384: {
    name: 'sha384',
    oid: '2.16.840.1.101.3.4.2.2',
    digestLength: 48,
    ckmDigest: pkcs11js.CKM_SHA384,
    ckgMgf1: pkcs11js.CKG_MGF1_SHA384,
  },
  sha512: {
    name: 'sha512',
    oid: '2.16.840.1.101.3.4.2.3',
    digestLength: 64,
    ckmDigest: pkcs11js.CKM_SHA512,
    ckgMgf1: pkcs11js.CKG_MGF1_SHA512,
  },
};

export function isHashAlgorithm(value: unknown): value is HashAlgorithm {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(HASH_ALGORITHMS, value);
}

/**
 * Host-side digest of the to-be-signed bytes. These are CMS signed attributes (a few KiB), so
 * hashing them on the event loop costs microseconds; large documents are hashed elsewhere, streamed.
 */
export function digestOf(hash: HashAlgorithm, data: Uint8Array): Buffer {
  return createHash(hash).update(data).digest();
}
