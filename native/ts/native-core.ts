import { DIGEST_LENGTH } from './algorithms';
import type { KysoAddon } from './addon-loader';
import { BatchGate } from './batch-gate';
import { toItemError, type RawItemError } from './errors';
import { MerkleTree } from './merkle';
import type { BatchCryptoCore, HashResult, VerifyResult } from './types';
import {
  normalizeHashInputs,
  normalizeLeaves,
  normalizeVerifyItems,
  requireHashAlgorithm,
  requireThreadCount,
} from './validate';
import { toVerifyColumns } from './verify-columns';

const IN_FLIGHT_BATCHES = 2;

function errorsByIndex(errors: readonly RawItemError[]): Map<number, RawItemError> {
  return new Map(errors.map((error) => [error.index, error]));
}

/** The C++ core behind the common interface: validation and error messages live here, the work in C++. */
export function createNativeCore(addon: KysoAddon): BatchCryptoCore {
  const gate = new BatchGate(IN_FLIGHT_BATCHES);
  return {
    kind: 'native',

    async hashBatch(inputs, algorithm) {
      const hash = requireHashAlgorithm(algorithm);
      const normalized = normalizeHashInputs(inputs);
      const { digests, errors } = await gate.run(() => addon.hashBatch(normalized, hash));
      const failed = errorsByIndex(errors);
      const size = DIGEST_LENGTH[hash];
      return normalized.map((_, index): HashResult => {
        const error = failed.get(index);
        return error ? toItemError(error) : digests.subarray(index * size, (index + 1) * size);
      });
    },

    async verifyBatch(items) {
      const normalized = normalizeVerifyItems(items);
      const { status, errors } = await gate.run(() => addon.verifyBatch(toVerifyColumns(normalized)));
      const failed = errorsByIndex(errors);
      return normalized.map((_, index): VerifyResult => {
        const error = failed.get(index);
        return error ? toItemError(error) : status[index] === 1;
      });
    },

    async merkleTree(leaves, algorithm) {
      const hash = requireHashAlgorithm(algorithm);
      const normalized = normalizeLeaves(leaves, hash);
      const { levels } = await gate.run(() => addon.merkleTree(normalized, hash));
      return new MerkleTree(hash, levels);
    },

    info() {
      const { opensslVersion, threads } = addon.info();
      return { native: true, opensslVersion, threads };
    },

    setThreads(threads) {
      addon.setThreads(requireThreadCount(threads));
    },
  };
}
