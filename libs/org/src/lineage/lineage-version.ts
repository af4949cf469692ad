import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { execute, rows, sql } from '@kyso/database';

/**
 * Which lineage the database holds (`lineage_version`, one row). Every transaction that changes organisations, their
 * identities or links calls `bumpLineageVersion` with its own EntityManager, so the bump commits or rolls back with
 * the change; readers compare `readLineageVersion` with the version of the graph they hold. The stamp is drawn anew
 * on every bump: a rolled-back bump can never be mistaken for a later committed one. The bump is the last write of
 * its transaction (after the audit entries), so that every writer takes the audit chains' locks and then this row's
 * in the same order and two of them cannot deadlock.
 */
export async function bumpLineageVersion(tx: EntityManager): Promise<void> {
  await execute(
    tx,
    sql(tx)`UPDATE lineage_version SET version = version + 1, stamp = ${randomUUID()} WHERE id = 1`,
  );
}

/** `version:stamp` of the lineage as the caller's EntityManager sees it. */
export async function readLineageVersion(em: EntityManager): Promise<string> {
  const [row] = await rows<{ version: number | string; stamp: string }>(
    em,
    sql(em)`SELECT version, stamp FROM lineage_version WHERE id = 1`,
  );
  return row ? `${row.version}:${row.stamp}` : 'none';
}
