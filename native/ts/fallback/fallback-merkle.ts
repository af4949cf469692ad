import type { HashAlgorithm } from '../algorithms';
import { merkleParent } from '../merkle';
import { yieldToEventLoop } from './event-loop';

/** Builds the levels of the tree on the JS thread, same rule as native/src/merkle_tree.cc. */
export async function buildMerkleLevels(
  leaves: readonly Uint8Array[],
  algorithm: HashAlgorithm,
): Promise<Buffer[]> {
  let level: Buffer[] = leaves.map((leaf) => Buffer.from(leaf));
  const levels = [Buffer.concat(level)];
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) {
      next.push(i + 1 < level.length ? merkleParent(level[i], level[i + 1], algorithm) : level[i]);
      if (next.length % 4096 === 0) await yieldToEventLoop();
    }
    levels.push(Buffer.concat(next));
    level = next;
  }
  return levels;
}
