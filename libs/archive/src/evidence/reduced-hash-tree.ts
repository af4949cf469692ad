import { createHash } from 'node:crypto';
import { DIGEST_LENGTH, type HashAlgorithm, MerkleTree } from '@kyso/native';

/**
 * The reduced hash tree of leaf `index` (RFC 4998 4.2): the first PartialHashtree holds the leaf's own hash and its
 * first sibling, each further one the sibling at the next level that has one. Levels where a node moved up without a
 * sibling add no list (the native tree's odd-node rule), so the root comes out the same. A tree of one leaf has no
 * reduced tree: the timestamp covers the leaf hash itself.
 */
export function reducedHashtree(tree: MerkleTree, index: number): Buffer[][] | undefined {
  const length = DIGEST_LENGTH[tree.algorithm];
  const leaf = Buffer.from(tree.levels[0].subarray(index * length, (index + 1) * length));
  const path = tree.path(index).map((s) => Buffer.from(s));
  if (path.length === 0) return undefined;
  return [[leaf, path[0]], ...path.slice(1).map((s) => [s])];
}

/**
 * RFC 4998 5.3 step 3: concatenate each list's hash values (with the value carried up from the list below) in
 * binary ascending order and hash them; a list of one value passes it up unchanged.
 */
export function reducedTreeRoot(tree: readonly Buffer[][], algorithm: HashAlgorithm): Buffer {
  let node: Buffer | undefined;
  for (const list of tree) {
    const values = node ? [...list, node] : [...list];
    if (values.length === 1) {
      node = values[0];
      continue;
    }
    values.sort(Buffer.compare);
    node = createHash(algorithm).update(Buffer.concat(values)).digest();
  }
  if (!node) throw new Error('empty reduced hash tree');
  return node;
}

/** A data group's hash (RFC 4998 4.2): its members' hashes in binary ascending order, concatenated and hashed. */
export function groupHash(memberHashes: readonly Buffer[], algorithm: HashAlgorithm): Buffer {
  if (memberHashes.length === 1) return memberHashes[0];
  return createHash(algorithm)
    .update(Buffer.concat([...memberHashes].sort(Buffer.compare)))
    .digest();
}

/** Levels of a tree as one blob: u32 level count, then per level u32 length and its bytes. */
export function serialiseTree(tree: MerkleTree): Buffer {
  const header = Buffer.alloc(4 + tree.levels.length * 4);
  header.writeUInt32BE(tree.levels.length, 0);
  tree.levels.forEach((l, i) => header.writeUInt32BE(l.length, 4 + i * 4));
  return Buffer.concat([header, ...tree.levels]);
}

export function deserialiseTree(blob: Buffer, algorithm: HashAlgorithm): MerkleTree {
  const count = blob.readUInt32BE(0);
  const levels: Buffer[] = [];
  let offset = 4 + count * 4;
  for (let i = 0; i < count; i++) {
    const length = blob.readUInt32BE(4 + i * 4);
    levels.push(blob.subarray(offset, offset + length));
    offset += length;
  }
  return new MerkleTree(algorithm, levels);
}
