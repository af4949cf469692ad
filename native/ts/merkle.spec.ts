import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';

import { HASH_ALGORITHMS, type HashAlgorithm } from './algorithms';
import { NativeArgumentError } from './errors';
import { fallbackCore, nativeCore } from './index';
import { verifyMerklePath } from './merkle';
import { CORES } from '../testing/test-cores';

const leafDigests = (count: number, algorithm: HashAlgorithm): Buffer[] =>
  Array.from({ length: count }, (_, i) => createHash(algorithm).update(`văn bản ${i}`).digest());

/** Independent reference: RFC 4998 binary tree, sorted pairs, odd last node promoted. */
function referenceRoot(nodes: Buffer[], algorithm: HashAlgorithm): Buffer {
  if (nodes.length === 1) return nodes[0];
  const next: Buffer[] = [];
  for (let i = 0; i < nodes.length; i += 2) {
    if (i + 1 === nodes.length) {
      next.push(nodes[i]);
    } else {
      const pair = [nodes[i], nodes[i + 1]].sort(Buffer.compare);
      next.push(createHash(algorithm).update(Buffer.concat(pair)).digest());
    }
  }
  return referenceRoot(next, algorithm);
}

const COUNTS = [1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 100, 1023, 1024, 1025, 3000];

describe.each(CORES)('merkleTree (%s core)', (_name, core) => {
  it.each(COUNTS)('%i leaves: root matches the reference and every path verifies', async (count) => {
    const leaves = leafDigests(count, 'sha256');
    const tree = await core().merkleTree(leaves, 'sha256');
    expect(tree.root).toEqual(referenceRoot(leaves, 'sha256'));
    expect(tree.leafCount).toBe(count);
    const paths = tree.paths();
    expect(paths.every((path, i) => verifyMerklePath(leaves[i], path, tree.root, 'sha256'))).toBe(true);
    expect(paths[count - 1].length).toBeLessThanOrEqual(Math.ceil(Math.log2(count)));
  });

  it.each(HASH_ALGORITHMS)('works with %s', async (algorithm) => {
    const leaves = leafDigests(11, algorithm);
    const tree = await core().merkleTree(leaves, algorithm);
    expect(tree.root).toEqual(referenceRoot(leaves, algorithm));
    expect(verifyMerklePath(leaves[10], tree.path(10), tree.root, algorithm)).toBe(true);
  });

  it('rejects a wrong leaf, a changed sibling or another root', async () => {
    const leaves = leafDigests(6, 'sha256');
    const tree = await core().merkleTree(leaves, 'sha256');
    const path = tree.path(2);
    expect(verifyMerklePath(leaves[3], path, tree.root, 'sha256')).toBe(false);
    const changed = path.map((p, i) => (i === 1 ? Buffer.from(p).fill(7) : p));
    expect(verifyMerklePath(leaves[2], changed, tree.root, 'sha256')).toBe(false);
    expect(verifyMerklePath(leaves[2], path, leaves[0], 'sha256')).toBe(false);
  });

  it('refuses an empty tree and leaves that are not digests of the algorithm', async () => {
    await expect(core().merkleTree([], 'sha256')).rejects.toBeInstanceOf(NativeArgumentError);
    await expect(core().merkleTree([Buffer.alloc(31)], 'sha256')).rejects.toThrow(
      /leaves\[0\] must be a 32-byte/,
    );
  });
});

describe('merkleTree node rule', () => {
  it('hashes the two children in ascending byte order (RFC 4998 section 4.2)', async () => {
    const low = Buffer.alloc(32, 0x01);
    const high = Buffer.alloc(32, 0xf0);
    const expected = createHash('sha256')
      .update(Buffer.concat([low, high]))
      .digest();
    for (const core of [nativeCore(), fallbackCore()]) {
      expect((await core.merkleTree([high, low], 'sha256')).root).toEqual(expected);
      expect((await core.merkleTree([low, high], 'sha256')).root).toEqual(expected);
    }
  });

  it('gives a single leaf as its own root with an empty path', async () => {
    const [leaf] = leafDigests(1, 'sha384');
    const tree = await nativeCore().merkleTree([leaf], 'sha384');
    expect(tree.root).toEqual(leaf);
    expect(tree.path(0)).toEqual([]);
  });

  it('builds identical levels in both cores for a tree spanning several parallel chunks', async () => {
    const leaves = leafDigests(5000, 'sha512');
    const [native, fallback] = await Promise.all([
      nativeCore().merkleTree(leaves, 'sha512'),
      fallbackCore().merkleTree(leaves, 'sha512'),
    ]);
    expect(native.levels).toEqual(fallback.levels);
  });
});
