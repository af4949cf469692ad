import { createHash } from 'node:crypto';

import { DIGEST_LENGTH, type HashAlgorithm } from './algorithms';
import { NativeArgumentError } from './errors';

/**
 * Node rule of the hash tree (RFC 4998 section 4.2, binary tree): the two child hashes are put in
 * binary ascending order (unsigned bytewise comparison), concatenated and hashed:
 * `parent = H(min(a, b) || max(a, b))`. Because of the ordering a path needs no left/right flags.
 */
export function merkleParent(a: Uint8Array, b: Uint8Array, algorithm: HashAlgorithm): Buffer {
  const [first, second] = Buffer.compare(a, b) <= 0 ? [a, b] : [b, a];
  return createHash(algorithm).update(first).update(second).digest();
}

/**
 * A binary RFC 4998 hash tree over leaf digests (the hashes of the archived data objects).
 * Leaves are paired in the order given; at a level with an odd number of nodes the last node moves
 * up unchanged (it gets no sibling, as in Bouncy Castle's ERS), so a tree of one leaf has that
 * leaf as its root. Each level is stored as one Buffer of its nodes, so a tree of 100,000 leaves
 * is a few Buffers, not millions of objects.
 */
export class MerkleTree {
  readonly root: Buffer;
  readonly leafCount: number;
  private readonly digestLength: number;

  constructor(
    readonly algorithm: HashAlgorithm,
    /** `levels[0]` holds the leaves, the last level the root; each is its nodes concatenated. */
    readonly levels: readonly Buffer[],
  ) {
    this.digestLength = DIGEST_LENGTH[algorithm];
    this.leafCount = levels[0].length / this.digestLength;
    this.root = levels[levels.length - 1];
  }

  /**
   * The inclusion path of leaf `index`: sibling hashes from the leaf level up, skipping levels where
   * the node moved up without a sibling. In an evidence record each becomes one partial hash tree.
   */
  path(index: number): Buffer[] {
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.leafCount) {
      throw new NativeArgumentError(
        `leaf index must be an integer in [0, ${this.leafCount}), got ${String(index)}`,
        `chỉ số lá phải là số nguyên trong [0, ${this.leafCount}), nhận được ${String(index)}`,
      );
    }
    const siblings: Buffer[] = [];
    let node = index;
    for (let level = 0; level < this.levels.length - 1; level += 1) {
      const sibling = node ^ 1;
      if (sibling < this.levels[level].length / this.digestLength) {
        siblings.push(
          this.levels[level].subarray(sibling * this.digestLength, (sibling + 1) * this.digestLength),
        );
      }
      node >>= 1;
    }
    return siblings;
  }

  /** All inclusion paths, in leaf order. */
  paths(): Buffer[][] {
    return Array.from({ length: this.leafCount }, (_, index) => this.path(index));
  }
}

/** Checks that `leaf` with its inclusion `path` hashes up to `root` under the node rule above. */
export function verifyMerklePath(
  leaf: Uint8Array,
  path: readonly Uint8Array[],
  root: Uint8Array,
  algorithm: HashAlgorithm,
): boolean {
  let node: Uint8Array = leaf;
  for (const sibling of path) node = merkleParent(node, sibling, algorithm);
  return Buffer.compare(node, root) === 0;
}
