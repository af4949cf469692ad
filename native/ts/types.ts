import type { HashAlgorithm, SignatureAlgorithm } from './algorithms';
import type { NativeItemError } from './errors';
import type { MerkleTree } from './merkle';

/** `[offset, length]`, as in a PDF's /ByteRange array (which holds two such pairs). */
export type ByteRange = readonly [offset: number, length: number];

/** A file on disk; `ranges` are hashed in the order given, one after another; no ranges: the whole file. */
export interface FileHashInput {
  readonly path: string;
  readonly ranges?: readonly ByteRange[];
}

export type HashInput = Uint8Array | FileHashInput;

/**
 * A digest, or the reason its input could not be hashed. Digests of one batch are views into one
 * shared Buffer; keep `Buffer.from(digest)` if only a few must outlive a large batch.
 */
export type HashResult = Buffer | NativeItemError;

export interface VerifyItem {
  readonly algorithm: SignatureAlgorithm;
  /** DER SubjectPublicKeyInfo (as in a certificate). */
  readonly publicKey: Uint8Array;
  /** RSA: the raw signature; ECDSA: DER `SEQUENCE { r, s }`. */
  readonly signature: Uint8Array;
  /** The signed message; exactly one of `data` and `digest` is given. */
  readonly data?: Uint8Array;
  /** The message digest, already computed with the algorithm's hash. */
  readonly digest?: Uint8Array;
  /**
   * RSASSA-PSS only: the salt length the signature must use. Default `'auto'` accepts any salt
   * length (read from the signature, as node:crypto does); an RSASSA-PSS key's own minimum applies.
   */
  readonly pssSaltLength?: number | 'auto';
}

/** `true` valid, `false` not valid (wrong key, tampered data, malformed signature), or why the item failed. */
export type VerifyResult = boolean | NativeItemError;

export interface CoreInfo {
  /** Whether this is the C++ core (false: the node:crypto fallback). */
  readonly native: boolean;
  /** OpenSSL version the core computes with; the native core uses the one inside Node. */
  readonly opensslVersion: string;
  /** Worker threads used for a batch. */
  readonly threads: number;
}

/** Batch hashing and verification, implemented by the native addon and by the node:crypto fallback. */
export interface BatchCryptoCore {
  readonly kind: 'native' | 'fallback';
  hashBatch(inputs: readonly HashInput[], algorithm: HashAlgorithm): Promise<HashResult[]>;
  verifyBatch(items: readonly VerifyItem[]): Promise<VerifyResult[]>;
  merkleTree(leaves: readonly Uint8Array[], algorithm: HashAlgorithm): Promise<MerkleTree>;
  info(): CoreInfo;
  /** Worker threads for later batches (native: default one per core; the fallback ignores it). */
  setThreads(threads: number): void;
}
