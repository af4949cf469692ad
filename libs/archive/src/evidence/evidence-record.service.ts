import { createHash, randomUUID, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { DataSource, EntityManager } from 'typeorm';
import type { TimestampProvider } from '@kyso/cms';
import { parseTimeStampToken } from '@kyso/cms';
import { inTransaction, execute, isPostgres, rows, sqlWithLists } from '@kyso/database';
import { type HashAlgorithm, hashBatch, isItemError, merkleTree, type MerkleTree } from '@kyso/native';
import type { BlobStore } from '@kyso/storage';
import { ArchiveError, ArchiveErrorCode } from '../archive.exception';
import { type ArchiveTimeStamp, encodeEvidenceRecord, encodeSequence } from './evidence-record';
import { type EvidenceVerification, verifyEvidenceRecord } from './evidence-verifier';
import { deserialiseTree, groupHash, reducedHashtree, serialiseTree } from './reduced-hash-tree';

/** Where a protected file's bytes are: a blob of the store, or a local path. */
export type EvidenceSource = { blobKey: string } | { path: string };

/** One data object (a file: one source) or data group (a dossier: several sources) to protect. */
export interface EvidenceSubject {
  subjectType: string;
  subjectId: string;
  label?: string | null;
  sources: EvidenceSource[];
}

export interface EvidenceBatch {
  id: string;
  leafCount: number;
  root: string;
  algorithm: HashAlgorithm;
  genTime: Date;
}

interface StampRow {
  id: string;
  batch_id: string;
  chain_index: number | string;
  stamp_index: number | string;
  algorithm: HashAlgorithm;
  root: string;
  tree_blob_key: string | null;
  token: string;
  gen_time: string;
  tsa_not_after: string | null;
}

interface ItemRow {
  id: string;
  batch_id: string;
  leaf_index: number | string;
  subject_type: string;
  subject_id: string;
  label: string | null;
  sources: string;
  digest: string;
}

/** Hashes per batch of native work: bounded memory for a million files. */
const HASH_CHUNK = 4096;
const INSERT_CHUNK = 500;

/**
 * RFC 4998 evidence records for what is not a signed PDF (non-PDF attachments, whole dossiers): hash every file with
 * the native batch core, build one Merkle tree, get one timestamp for its root, keep each file's place in the tree.
 * One timestamp covers a batch of any size; a record is exported as EvidenceRecord DER on demand. Renewal:
 * timestamp renewal (same algorithm, one new stamp for the whole batch) and hash-tree renewal (new algorithm or
 * tree: every object re-hashed with its previous chains, one new tree, one timestamp).
 */
export class EvidenceRecordService {
  private readonly treeCache = new Map<string, MerkleTree>();

  constructor(
    private readonly deps: {
      dataSource: DataSource;
      blobStore: BlobStore;
      tsa: TimestampProvider;
      clock: { now(): Date };
      extraCertificates?: readonly Buffer[];
    },
  ) {}

  /** Hashes, builds the tree, timestamps its root and stores the batch. */
  async seal(input: {
    subjects: EvidenceSubject[];
    label?: string | null;
    algorithm?: HashAlgorithm;
    createdBy?: string | null;
  }): Promise<EvidenceBatch> {
    const algorithm = input.algorithm ?? 'sha256';
    if (input.subjects.length === 0) throw new ArchiveError(ArchiveErrorCode.EVIDENCE_EMPTY_BATCH);
    const leaves = await this.leafHashes(input.subjects, algorithm);
    const { tree, tokenDer } = await buildAndTimestamp(leaves, algorithm, this.deps.tsa);
    const batchId = randomUUID();
    const treeKey = await this.storeTree(batchId, 0, tree);
    const token = parseTimeStampToken(tokenDer, this.deps.extraCertificates ?? []);
    const now = this.deps.clock.now();
    await inTransaction(this.deps.dataSource, async (tx) => {
      const q = sqlWithLists(tx);
      await execute(
        tx,
        q`INSERT INTO archive_evidence_batches (id, label, leaf_count, created_by, created_at) VALUES (${batchId}, ${input.label ?? null}, ${leaves.length}, ${input.createdBy ?? null}, ${now.toISOString()})`,
      );
      await this.insertStamp(tx, batchId, 0, 0, algorithm, tree.root, treeKey, tokenDer, token, now);
      for (let i = 0; i < input.subjects.length; i += INSERT_CHUNK) {
        const chunk = input.subjects.slice(i, i + INSERT_CHUNK);
        await insertItems(tx, batchId, i, chunk, leaves.slice(i, i + chunk.length), now);
      }
    });
    return {
      id: batchId,
      leafCount: leaves.length,
      root: tree.root.toString('hex'),
      algorithm,
      genTime: token.genTime,
    };
  }

  /** The RFC 4998 EvidenceRecord (DER) of one protected object. */
  async exportRecord(itemId: string): Promise<Buffer> {
    const { item, stamps } = await this.load(itemId);
    const chains: ArchiveTimeStamp[][] = [];
    for (const s of stamps) {
      const chainIndex = Number(s.chain_index);
      const tree = s.tree_blob_key ? await this.tree(s.tree_blob_key, s.algorithm) : undefined;
      const ats: ArchiveTimeStamp = {
        digestAlgorithm: s.algorithm,
        timeStamp: Buffer.from(s.token, 'base64'),
      };
      if (tree) ats.reducedHashtree = reducedHashtree(tree, Number(item.leaf_index));
      (chains[chainIndex] ??= []).push(ats);
    }
    return encodeEvidenceRecord({ digestAlgorithms: [...new Set(stamps.map((s) => s.algorithm))], chains });
  }

  /** Verifies an object's record against its bytes as stored today. */
  async verifyItem(itemId: string): Promise<EvidenceVerification> {
    const { item } = await this.load(itemId);
    const der = await this.exportRecord(itemId);
    const sources = JSON.parse(item.sources) as EvidenceSource[];
    return verifyEvidenceRecord(der, async (alg) => groupHash(await this.hashSources(sources, alg), alg), {
      extraCertificates: this.deps.extraCertificates,
    });
  }

  /** Items of a subject (e.g. a dossier id), newest batch first. */
  async findItems(
    subjectType: string,
    subjectId: string,
  ): Promise<Array<{ id: string; batchId: string; leafIndex: number; label: string | null }>> {
    return inTransaction(this.deps.dataSource, async (tx) => {
      const q = sqlWithLists(tx);
      const found = await rows<ItemRow & { created_at: string }>(
        tx,
        q`SELECT id, batch_id, leaf_index, label, created_at FROM archive_evidence_items WHERE subject_type = ${subjectType} AND subject_id = ${subjectId} ORDER BY created_at DESC`,
      );
      return found.map((r) => ({
        id: r.id,
        batchId: r.batch_id,
        leafIndex: Number(r.leaf_index),
        label: r.label,
      }));
    });
  }

  /** Timestamp renewal (RFC 4998 5.2): one new stamp over the batch's last stamp, same algorithm, no new tree. */
  async renewTimestamp(batchId: string): Promise<{ chain: number; stamp: number; genTime: Date }> {
    const stamps = await this.stamps(batchId);
    const last = stamps[stamps.length - 1];
    const algorithm = last.algorithm;
    const digest = createHash(algorithm).update(Buffer.from(last.token, 'base64')).digest();
    const { tokenDer } = await this.deps.tsa.timestampImprint({ algorithm, digest });
    const token = parseTimeStampToken(tokenDer, this.deps.extraCertificates ?? []);
    const chain = Number(last.chain_index);
    const stamp = Number(last.stamp_index) + 1;
    await inTransaction(this.deps.dataSource, (tx) =>
      this.insertStamp(
        tx,
        batchId,
        chain,
        stamp,
        algorithm,
        digest,
        null,
        tokenDer,
        token,
        this.deps.clock.now(),
      ),
    );
    return { chain, stamp, genTime: token.genTime };
  }

  /**
   * Hash-tree renewal (RFC 4998 5.2), e.g. when the hash algorithm weakens: every object is hashed again with the new
   * algorithm, joined with the hash of its ArchiveTimeStampSequence so far, `h' = H(H(d) || H(atsSeq))`, and a new tree
   * over those gets one timestamp: a new chain for every object of the batch.
   */
  async renewHashTree(batchId: string, algorithm: HashAlgorithm): Promise<{ chain: number; genTime: Date }> {
    const items = await inTransaction(this.deps.dataSource, (tx) => {
      const q = sqlWithLists(tx);
      return rows<ItemRow>(
        tx,
        q`SELECT * FROM archive_evidence_items WHERE batch_id = ${batchId} ORDER BY leaf_index`,
      );
    });
    const stamps = await this.stamps(batchId);
    const chain = Number(stamps[stamps.length - 1].chain_index) + 1;
    const H = (...parts: Buffer[]) => parts.reduce((h, p) => h.update(p), createHash(algorithm)).digest();
    const leaves: Buffer[] = [];
    for (let i = 0; i < items.length; i += HASH_CHUNK) {
      const chunk = items.slice(i, i + HASH_CHUNK);
      const data = await this.subjectHashes(
        chunk.map((it) => JSON.parse(it.sources) as EvidenceSource[]),
        algorithm,
      );
      for (const [j, item] of chunk.entries()) {
        const previous = await this.chainsOf(item, stamps);
        leaves.push(H(data[j], H(encodeSequence(previous))));
      }
    }
    const { tree, tokenDer } = await buildAndTimestamp(leaves, algorithm, this.deps.tsa);
    const treeKey = await this.storeTree(batchId, chain, tree);
    const token = parseTimeStampToken(tokenDer, this.deps.extraCertificates ?? []);
    await inTransaction(this.deps.dataSource, (tx) =>
      this.insertStamp(
        tx,
        batchId,
        chain,
        0,
        algorithm,
        tree.root,
        treeKey,
        tokenDer,
        token,
        this.deps.clock.now(),
      ),
    );
    return { chain, genTime: token.genTime };
  }

  // ---- internals --------------------------------------------------------------------------------------------------

  private async load(itemId: string): Promise<{ item: ItemRow; stamps: StampRow[] }> {
    const item = await inTransaction(this.deps.dataSource, async (tx) => {
      const q = sqlWithLists(tx);
      const [found] = await rows<ItemRow>(tx, q`SELECT * FROM archive_evidence_items WHERE id = ${itemId}`);
      return found;
    });
    if (!item) throw new ArchiveError(ArchiveErrorCode.EVIDENCE_NOT_FOUND, { id: itemId });
    return { item, stamps: await this.stamps(item.batch_id) };
  }

  private stamps(batchId: string): Promise<StampRow[]> {
    return inTransaction(this.deps.dataSource, async (tx) => {
      const q = sqlWithLists(tx);
      const found = await rows<StampRow>(
        tx,
        q`SELECT * FROM archive_evidence_stamps WHERE batch_id = ${batchId} ORDER BY chain_index, stamp_index`,
      );
      if (found.length === 0) throw new ArchiveError(ArchiveErrorCode.EVIDENCE_NOT_FOUND, { batchId });
      return found;
    });
  }

  /** The ArchiveTimeStampSequence of one object as it stands before a new chain. */
  private async chainsOf(item: ItemRow, stamps: StampRow[]): Promise<ArchiveTimeStamp[][]> {
    const chains: ArchiveTimeStamp[][] = [];
    for (const s of stamps) {
      const tree = s.tree_blob_key ? await this.tree(s.tree_blob_key, s.algorithm) : undefined;
      const ats: ArchiveTimeStamp = {
        digestAlgorithm: s.algorithm,
        timeStamp: Buffer.from(s.token, 'base64'),
      };
      if (tree) ats.reducedHashtree = reducedHashtree(tree, Number(item.leaf_index));
      (chains[Number(s.chain_index)] ??= []).push(ats);
    }
    return chains;
  }

  private async leafHashes(
    subjects: readonly EvidenceSubject[],
    algorithm: HashAlgorithm,
  ): Promise<Buffer[]> {
    const out: Buffer[] = [];
    for (let i = 0; i < subjects.length; i += HASH_CHUNK)
      out.push(
        ...(await this.subjectHashes(
          subjects.slice(i, i + HASH_CHUNK).map((s) => s.sources),
          algorithm,
        )),
      );
    return out;
  }

  /** One hash per subject: the file's, or the group hash of a dossier's files. All files of the chunk in one batch. */
  private async subjectHashes(
    sourceLists: readonly EvidenceSource[][],
    algorithm: HashAlgorithm,
  ): Promise<Buffer[]> {
    const flat = sourceLists.flat();
    const digests = await this.hashSources(flat, algorithm);
    let k = 0;
    return sourceLists.map((list) => groupHash(digests.slice(k, (k += list.length)), algorithm));
  }

  private async hashSources(sources: readonly EvidenceSource[], algorithm: HashAlgorithm): Promise<Buffer[]> {
    const inputs = await Promise.all(
      sources.map(async (s) => {
        if ('path' in s) return { path: s.path };
        const local = this.deps.blobStore.localPath(s.blobKey);
        return local ? { path: local } : await this.deps.blobStore.get(s.blobKey);
      }),
    );
    const results = await hashBatch(inputs, algorithm);
    return results.map((r, i) => {
      if (isItemError(r))
        throw new ArchiveError(ArchiveErrorCode.SOURCE_UNREADABLE, {
          source: sources[i],
          reason: r.error.message,
        });
      return Buffer.from(r);
    });
  }

  private async storeTree(batchId: string, chain: number, tree: MerkleTree): Promise<string> {
    const key = `evidence/${batchId}/chain-${chain}.tree`;
    await this.deps.blobStore.put(key, serialiseTree(tree));
    this.treeCache.set(key, tree);
    return key;
  }

  private async tree(key: string, algorithm: HashAlgorithm): Promise<MerkleTree> {
    let tree = this.treeCache.get(key);
    if (!tree) {
      const local = this.deps.blobStore.localPath(key);
      tree = deserialiseTree(local ? await readFile(local) : await this.deps.blobStore.get(key), algorithm);
      if (this.treeCache.size > 8) this.treeCache.delete(this.treeCache.keys().next().value as string);
      this.treeCache.set(key, tree);
    }
    return tree;
  }

  private async insertStamp(
    tx: EntityManager,
    batchId: string,
    chain: number,
    stamp: number,
    algorithm: HashAlgorithm,
    root: Buffer,
    treeKey: string | null,
    tokenDer: Buffer,
    token: { genTime: Date; tsaCertificateDer?: Buffer },
    now: Date,
  ): Promise<void> {
    const q = sqlWithLists(tx);
    const notAfter = token.tsaCertificateDer
      ? new Date(new X509Certificate(token.tsaCertificateDer).validTo).toISOString()
      : null;
    await execute(
      tx,
      q`INSERT INTO archive_evidence_stamps (id, batch_id, chain_index, stamp_index, algorithm, root, tree_blob_key, token, gen_time, tsa_not_after, created_at)
        VALUES (${randomUUID()}, ${batchId}, ${chain}, ${stamp}, ${algorithm}, ${root.toString('hex')}, ${treeKey}, ${tokenDer.toString('base64')}, ${token.genTime.toISOString()}, ${notAfter}, ${now.toISOString()})`,
    );
  }
}

/** Builds the tree over leaf hashes (native core) and timestamps its root: one TSA request for the whole batch. */
export async function buildAndTimestamp(
  leaves: readonly Buffer[],
  algorithm: HashAlgorithm,
  tsa: TimestampProvider,
): Promise<{ tree: MerkleTree; tokenDer: Buffer }> {
  if (leaves.length === 0) throw new ArchiveError(ArchiveErrorCode.EVIDENCE_EMPTY_BATCH);
  const tree = await merkleTree(leaves, algorithm);
  const { tokenDer } = await tsa.timestampImprint({ algorithm, digest: tree.root });
  return { tree, tokenDer };
}

async function insertItems(
  tx: EntityManager,
  batchId: string,
  offset: number,
  subjects: readonly EvidenceSubject[],
  digests: readonly Buffer[],
  now: Date,
): Promise<void> {
  const pg = isPostgres(tx);
  const params: unknown[] = [];
  const values = subjects.map((s, i) => {
    const row = [
      randomUUID(),
      batchId,
      offset + i,
      s.subjectType,
      s.subjectId,
      s.label ?? null,
      JSON.stringify(s.sources),
      digests[i].toString('hex'),
      now.toISOString(),
    ];
    return `(${row
      .map((v) => {
        params.push(v);
        return pg ? `$${params.length}` : '?';
      })
      .join(', ')})`;
  });
  await execute(tx, {
    text: `INSERT INTO archive_evidence_items (id, batch_id, leaf_index, subject_type, subject_id, label, sources, digest, created_at) VALUES ${values.join(', ')}`,
    params,
  });
}
