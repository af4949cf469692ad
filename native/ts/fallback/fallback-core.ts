import { NativeErrorCode, toItemError, type RawItemError } from '../errors';
import { MerkleTree } from '../merkle';
import type { BatchCryptoCore, HashResult, VerifyResult } from '../types';
import {
  normalizeHashInputs,
  normalizeLeaves,
  normalizeVerifyItems,
  requireHashAlgorithm,
  requireThreadCount,
} from '../validate';
import { yieldToEventLoop } from './event-loop';
import { FallbackHasher } from './fallback-hash';
import { buildMerkleLevels } from './fallback-merkle';
import { FallbackVerifier } from './fallback-verify';

/** Signatures verified at once; node:crypto's async verify runs them on libuv's thread pool. */
const VERIFY_IN_FLIGHT = 64;

type Failure = Omit<RawItemError, 'index'>;

function isFailure(value: unknown): value is Failure {
  return typeof value === 'object' && value !== null && !Buffer.isBuffer(value) && 'code' in value;
}

function internal(error: unknown): Failure {
  return { code: NativeErrorCode.Internal, detail: error instanceof Error ? error.message : String(error) };
}

/**
 * The pure-TypeScript core on node:crypto, for platforms where the addon cannot be built. Same
 * validation, results and error codes as the native core; slower, and hashing runs on the JS
 * thread in slices (it yields to the event loop between them).
 */
export function createFallbackCore(): BatchCryptoCore {
  return {
    kind: 'fallback',

    async hashBatch(inputs, algorithm) {
      const hash = requireHashAlgorithm(algorithm);
      const normalized = normalizeHashInputs(inputs);
      const hasher = new FallbackHasher(hash);
      const results: HashResult[] = [];
      for (const [index, input] of normalized.entries()) {
        const result = await hasher.hash(input).catch(internal);
        results.push(isFailure(result) ? toItemError({ index, ...result }) : result);
      }
      return results;
    },

    async verifyBatch(items) {
      const normalized = normalizeVerifyItems(items);
      const verifier = new FallbackVerifier();
      const results: VerifyResult[] = new Array(normalized.length);
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < normalized.length) {
          const index = next++;
          const result = await verifier.verify(normalized[index]).catch(internal);
          results[index] = isFailure(result) ? toItemError({ index, ...result }) : result;
          // Pre-hashed items are verified synchronously; let timers run between them.
          if (index % 16 === 15) await yieldToEventLoop();
        }
      };
      await Promise.all(Array.from({ length: Math.min(VERIFY_IN_FLIGHT, normalized.length) }, worker));
      return results;
    },

    async merkleTree(leaves, algorithm) {
      const hash = requireHashAlgorithm(algorithm);
      return new MerkleTree(hash, await buildMerkleLevels(normalizeLeaves(leaves, hash), hash));
    },

    info() {
      return { native: false, opensslVersion: process.versions.openssl, threads: 1 };
    },

    setThreads(threads) {
      // Validated for the same contract as the native core; the fallback has no pool to resize.
      requireThreadCount(threads);
    },
  };
}
