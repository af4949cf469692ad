import type { EntityManager } from 'typeorm';
import { execute, rows, sqlWithLists } from '@kyso/database';
import type { ProtectionAssessment, ProtectionLevel } from './protection-assessment';

/** protected: B-LTA beyond the margin; due: renew now; unprotected: signed but not B-LTA; unsigned: nothing to protect. */
export type ProtectionState = 'protected' | 'due' | 'unprotected' | 'unsigned' | 'error';

export interface ProtectionRecord {
  documentId: string;
  documentFileId: string;
  organisationId: string;
  sha256: string;
  level: ProtectionLevel | 'unknown';
  state: ProtectionState;
  lastTimestampAt: Date | null;
  protectedUntil: Date | null;
  limitedBy: string | null;
  renewAfter: Date | null;
  detail: string | null;
  checkedAt: Date;
}

type Row = {
  document_id: string;
  document_file_id: string;
  organisation_id: string;
  sha256: string;
  level: ProtectionRecord['level'];
  state: ProtectionState;
  last_timestamp_at: string | null;
  protected_until: string | null;
  limited_by: string | null;
  renew_after: string | null;
  detail: string | null;
  checked_at: string;
};

const d = (v: string | null) => (v === null ? null : new Date(v));

function toRecord(r: Row): ProtectionRecord {
  return {
    documentId: r.document_id,
    documentFileId: r.document_file_id,
    organisationId: r.organisation_id,
    sha256: r.sha256,
    level: r.level,
    state: r.state,
    lastTimestampAt: d(r.last_timestamp_at),
    protectedUntil: d(r.protected_until),
    limitedBy: r.limited_by,
    renewAfter: d(r.renew_after),
    detail: r.detail,
    checkedAt: new Date(r.checked_at),
  };
}

export function stateOf(a: ProtectionAssessment, now: Date): ProtectionState {
  if (a.level === 'unsigned') return 'unsigned';
  if (a.level !== 'B-LTA') return 'unprotected';
  return a.renewAfter && a.renewAfter.getTime() > now.getTime() ? 'protected' : 'due';
}

/** One row per document: how its current file is protected, and when to renew (`renew_after` is indexed). */
export class ProtectionRepository {
  async upsert(
    em: EntityManager,
    input: {
      documentId: string;
      documentFileId: string;
      organisationId: string;
      sha256: string;
      assessment?: ProtectionAssessment;
      error?: string;
      checkedAt: Date;
    },
  ): Promise<void> {
    const a = input.assessment;
    const state: ProtectionState = a ? stateOf(a, input.checkedAt) : 'error';
    const iso = (v: Date | null | undefined) => (v ? v.toISOString() : null);
    const q = sqlWithLists(em);
    // ON CONFLICT … DO UPDATE is the same on PostgreSQL and SQLite ≥ 3.24.
    await execute(
      em,
      q`INSERT INTO archive_protection (document_id, document_file_id, organisation_id, sha256, level, state, last_timestamp_at, protected_until, limited_by, renew_after, detail, checked_at)
        VALUES (${input.documentId}, ${input.documentFileId}, ${input.organisationId}, ${input.sha256}, ${a?.level ?? 'unknown'}, ${state}, ${iso(a?.lastTimestampAt)},
                ${iso(a?.protectedUntil)}, ${a?.limitedBy ?? null}, ${iso(a?.renewAfter)}, ${input.error ?? null}, ${input.checkedAt.toISOString()})
        ON CONFLICT (document_id) DO UPDATE SET document_file_id = excluded.document_file_id, organisation_id = excluded.organisation_id, sha256 = excluded.sha256,
          level = excluded.level, state = excluded.state, last_timestamp_at = excluded.last_timestamp_at, protected_until = excluded.protected_until,
          limited_by = excluded.limited_by, renew_after = excluded.renew_after, detail = excluded.detail, checked_at = excluded.checked_at`,
    );
  }

  async get(em: EntityManager, documentId: string): Promise<ProtectionRecord | undefined> {
    const q = sqlWithLists(em);
    const [r] = await rows<Row>(em, q`SELECT * FROM archive_protection WHERE document_id = ${documentId}`);
    return r ? toRecord(r) : undefined;
  }

  /** Documents whose protection must be renewed by `at`, or that are signed but not B-LTA; soonest first. */
  async due(em: EntityManager, at: Date, limit = 10_000): Promise<ProtectionRecord[]> {
    const q = sqlWithLists(em);
    const found = await rows<Row>(
      em,
      q`SELECT * FROM archive_protection WHERE state IN ${['due', 'unprotected', 'protected']} AND renew_after IS NOT NULL AND renew_after <= ${at.toISOString()}
        ORDER BY renew_after, document_id LIMIT ${limit}`,
    );
    return found.map(toRecord);
  }

  async summary(em: EntityManager): Promise<Record<ProtectionState, number>> {
    const found = await rows<{ state: ProtectionState; n: number | string }>(em, {
      text: 'SELECT state, COUNT(*) AS n FROM archive_protection GROUP BY state',
      params: [],
    });
    const out: Record<ProtectionState, number> = {
      protected: 0,
      due: 0,
      unprotected: 0,
      unsigned: 0,
      error: 0,
    };
    for (const r of found) out[r.state] = Number(r.n);
    return out;
  }
}
