import type { EntityManager } from 'typeorm';
import { type AuditEvent, type AuditRecorder } from '@kyso/org';
import { execute, isPostgres, rows, sql } from '@kyso/database';
import { auditEntryHash, GENESIS_HASH, type HashedFields } from './audit-hash';
import { canonicalJson } from './canonical-json';

/**
 * SQL that advances a chain head and inserts the entry in one PostgreSQL statement (two CTEs, `head` and `entry`).
 * The head's UPDATE computes the new hash from the row it locks: the material is what auditEntryHash() hashes —
 * `JSON.stringify([chainId, seq, at, actorId, action, entityType, entityId, data, prevHash])` — and
 * `to_json(text)::text` escapes strings exactly as JSON.stringify does (checked by the PostgreSQL tests, which
 * verify the chain in JavaScript). `param` adds a bound parameter and returns its placeholder; `dataSql` is an SQL
 * expression for the entry's canonical JSON data, available in `from` (or a parameter).
 */
export function pgAuditAppendCtes(
  event: AuditEvent,
  at: Date,
  param: (v: unknown) => string,
  dataSql: string,
  from = '',
): string {
  const chain = param(event.chainId);
  const atIso = param(at.toISOString());
  const actor = param(event.actorId);
  const action = param(event.action);
  const entityType = param(event.entityType);
  const entityId = param(event.entityId);
  const material = [
    `to_json(${chain}::text)::text`,
    `(audit_chain_heads.seq + 1)::text`,
    `to_json(${atIso}::text)::text`,
    `COALESCE(to_json(${actor}::text)::text, 'null')`,
    `to_json(${action}::text)::text`,
    `to_json(${entityType}::text)::text`,
    `COALESCE(to_json(${entityId}::text)::text, 'null')`,
    `to_json((${dataSql})::text)::text`,
    `to_json(audit_chain_heads.last_hash)::text`,
  ].join(` || ',' || `);
  return `head AS (
      UPDATE audit_chain_heads
         SET seq = seq + 1, prev_hash = last_hash, last_hash = encode(sha256(convert_to('[' || ${material} || ']', 'UTF8')), 'hex')
        ${from ? `FROM ${from}` : ''}
       WHERE chain_id = ${chain}
   RETURNING audit_chain_heads.seq, audit_chain_heads.prev_hash, audit_chain_heads.last_hash, (${dataSql})::text AS data),
    entry AS (
      INSERT INTO audit_entries (chain_id, seq, at, actor_id, action, entity_type, entity_id, data, prev_hash, hash)
      SELECT ${chain}, seq, ${atIso}, ${actor}, ${action}, ${entityType}, ${entityId}, data, prev_hash, last_hash FROM head
   RETURNING seq)`;
}

/**
 * Appends entries to per-organisation hash chains inside the caller's transaction: the entry commits or rolls back
 * with the change it records. Advancing the chain head takes its row lock, which orders concurrent writers of one
 * chain without gaps and without serialization failures (PostgreSQL re-reads a row it waited for).
 *
 * On PostgreSQL the head update, the hash and the entry are one statement (one round trip while the lock is held);
 * on SQLite (no network) three. Lock order: a transaction that also takes a register counter takes the counter
 * first and writes audit last, so the two locks cannot deadlock.
 */
export class AuditTrail implements AuditRecorder {
  async record(em: EntityManager, event: AuditEvent, at: Date): Promise<void> {
    const data = canonicalJson(event.data);
    if (isPostgres(em)) {
      const params: unknown[] = [];
      const param = (v: unknown) => `$${params.push(v)}`;
      const text = `WITH ${pgAuditAppendCtes(event, at, param, param(data))} SELECT COUNT(*)::int AS n FROM entry`;
      if ((await rows<{ n: number }>(em, { text, params }))[0].n === 1) return;
      await this.ensureHead(em, event.chainId);
      if ((await rows<{ n: number }>(em, { text, params }))[0].n !== 1)
        throw new Error(`audit chain ${event.chainId} has no head`);
      return;
    }
    const q = sql(em);
    let head = await rows<{ seq: number | string; prev_hash: string }>(
      em,
      q`UPDATE audit_chain_heads SET seq = seq + 1, prev_hash = last_hash WHERE chain_id = ${event.chainId} RETURNING seq, prev_hash`,
    );
    if (head.length === 0) {
      await this.ensureHead(em, event.chainId);
      head = await rows(
        em,
        q`UPDATE audit_chain_heads SET seq = seq + 1, prev_hash = last_hash WHERE chain_id = ${event.chainId} RETURNING seq, prev_hash`,
      );
    }
    const fields: HashedFields = {
      chainId: event.chainId,
      seq: Number(head[0].seq),
      at: at.toISOString(),
      actorId: event.actorId,
      action: event.action,
      entityType: event.entityType,
      entityId: event.entityId,
      data,
      prevHash: head[0].prev_hash,
    };
    const hash = auditEntryHash(fields);
    await execute(
      em,
      q`INSERT INTO audit_entries (chain_id, seq, at, actor_id, action, entity_type, entity_id, data, prev_hash, hash)
        VALUES (${fields.chainId}, ${fields.seq}, ${fields.at}, ${fields.actorId}, ${fields.action}, ${fields.entityType},
                ${fields.entityId}, ${fields.data}, ${fields.prevHash}, ${hash})`,
    );
    await execute(em, q`UPDATE audit_chain_heads SET last_hash = ${hash} WHERE chain_id = ${event.chainId}`);
  }

  /** Creates the chain's head (genesis) if it does not exist yet; concurrent creators agree on one. */
  async ensureHead(em: EntityManager, chainId: string): Promise<void> {
    await execute(
      em,
      sql(
        em,
      )`INSERT INTO audit_chain_heads (chain_id, seq, prev_hash, last_hash) VALUES (${chainId}, ${0}, ${GENESIS_HASH}, ${GENESIS_HASH}) ON CONFLICT DO NOTHING`,
    );
  }
}
