import { createHash } from 'node:crypto';

/** prev_hash of the first entry of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

export interface HashedFields {
  chainId: string;
  seq: number;
  /** ISO-8601 UTC, as stored. */
  at: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  /** Canonical JSON, as stored. */
  data: string;
  prevHash: string;
}

/** SHA-256 (hex) over a JSON array of the fields in a fixed order: unambiguous, and the same on every platform. */
export function auditEntryHash(f: HashedFields): string {
  const material = JSON.stringify([
    f.chainId,
    f.seq,
    f.at,
    f.actorId,
    f.action,
    f.entityType,
    f.entityId,
    f.data,
    f.prevHash,
  ]);
  return createHash('sha256').update(material, 'utf8').digest('hex');
}
