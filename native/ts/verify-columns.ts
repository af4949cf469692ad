import type { NormalizedVerifyItem } from './validate';

/**
 * A verify batch as the addon receives it. Distinct algorithm names and key Buffers appear once and
 * items point at them, so the addon reads two values per item (signature, message) instead of a
 * dozen object properties: across 100,000 items that is the difference between a few and about
 * a hundred milliseconds on the JS thread.
 */
export interface VerifyColumns {
  algorithms: string[];
  algorithmIndex: Uint32Array;
  publicKeys: Uint8Array[];
  keyIndex: Uint32Array;
  signatures: Uint8Array[];
  /** The data, or the digest when `prehashed[i]` is 1. */
  messages: Uint8Array[];
  prehashed: Uint8Array;
  /** -1: auto. */
  pssSaltLengths: Int32Array;
}

export function toVerifyColumns(items: readonly NormalizedVerifyItem[]): VerifyColumns {
  const count = items.length;
  const columns: VerifyColumns = {
    algorithms: [],
    algorithmIndex: new Uint32Array(count),
    publicKeys: [],
    keyIndex: new Uint32Array(count),
    signatures: new Array<Uint8Array>(count),
    messages: new Array<Uint8Array>(count),
    prehashed: new Uint8Array(count),
    pssSaltLengths: new Int32Array(count),
  };
  const algorithmSlots = new Map<string, number>();
  // By object identity: the addon deduplicates equal bytes in different Buffers itself.
  const keySlots = new Map<Uint8Array, number>();
  for (let i = 0; i < count; i += 1) {
    const item = items[i];
    let algorithm = algorithmSlots.get(item.algorithm);
    if (algorithm === undefined) {
      algorithm = columns.algorithms.push(item.algorithm) - 1;
      algorithmSlots.set(item.algorithm, algorithm);
    }
    let key = keySlots.get(item.publicKey);
    if (key === undefined) {
      key = columns.publicKeys.push(item.publicKey) - 1;
      keySlots.set(item.publicKey, key);
    }
    columns.algorithmIndex[i] = algorithm;
    columns.keyIndex[i] = key;
    columns.signatures[i] = item.signature;
    columns.messages[i] = (item.digest ?? item.data) as Uint8Array;
    columns.prehashed[i] = item.digest ? 1 : 0;
    columns.pssSaltLengths[i] = item.pssSaltLength ?? -1;
  }
  return columns;
}
