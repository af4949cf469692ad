// @kyso/native: batch hashing, batch signature verification and RFC 4998 hash trees for kyso.
// The C++ addon (native/src) does the work on its own thread pool with Node's OpenSSL; when it is
// not built, the same API runs on a node:crypto fallback after a one-time warning.
import type { HashAlgorithm } from './algorithms';
import { createCoreSelector } from './core-selection';
import type { MerkleTree } from './merkle';
import type { BatchCryptoCore, CoreInfo, HashInput, HashResult, VerifyItem, VerifyResult } from './types';

export {
  DIGEST_LENGTH,
  HASH_ALGORITHMS,
  SIGNATURE_ALGORITHMS,
  type HashAlgorithm,
  type SignatureAlgorithm,
} from './algorithms';
export {
  NativeArgumentError,
  NativeCoreUnavailableError,
  NativeErrorCode,
  isItemError,
  type ItemErrorDetails,
  type NativeItemError,
} from './errors';
export { MerkleTree, merkleParent, verifyMerklePath } from './merkle';
export {
  createCoreSelector,
  FALLBACK_WARNING,
  type CoreSelector,
  type CoreSelectorOptions,
} from './core-selection';
export type {
  BatchCryptoCore,
  ByteRange,
  CoreInfo,
  FileHashInput,
  HashInput,
  HashResult,
  VerifyItem,
  VerifyResult,
} from './types';

const selector = createCoreSelector();

/** The C++ core; throws NativeCoreUnavailableError (with the build command) when it is not built. */
export function nativeCore(): BatchCryptoCore {
  return selector.nativeCore();
}

/** The node:crypto core, always available. */
export function fallbackCore(): BatchCryptoCore {
  return selector.fallbackCore();
}

/** The core the functions below use: native when built, else the fallback (warned about once). */
export function defaultCore(): BatchCryptoCore {
  return selector.defaultCore();
}

/** Digests of Buffers or of files (whole, or `[offset, length]` byte ranges), in input order. */
export function hashBatch(inputs: readonly HashInput[], algorithm: HashAlgorithm): Promise<HashResult[]> {
  return defaultCore().hashBatch(inputs, algorithm);
}

/** `true`/`false` per signature, or that item's error; a bad key or algorithm fails only its item. */
export function verifyBatch(items: readonly VerifyItem[]): Promise<VerifyResult[]> {
  return defaultCore().verifyBatch(items);
}

/** RFC 4998 binary hash tree over leaf digests: root and inclusion paths. */
export function merkleTree(leaves: readonly Uint8Array[], algorithm: HashAlgorithm): Promise<MerkleTree> {
  return defaultCore().merkleTree(leaves, algorithm);
}

export function info(): CoreInfo {
  return defaultCore().info();
}

/** Worker threads for later native batches (default: one per available core). */
export function setThreads(threads: number): void {
  defaultCore().setThreads(threads);
}
