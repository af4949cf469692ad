import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { execute, isPostgres, rows, sqlWithLists } from '@kyso/database';
import { ArchiveError, ArchiveErrorCode } from '../archive.exception';

export type RunKind = 'augment' | 'renew';
export type RunStatus = 'pending' | 'running' | 'done';
/** augmented: a new B-LTA version was stored; fine: already B-LTA for long enough; skipped: nothing signed; failed: see `reason`. */
export type ItemState = 'pending' | 'augmented' | 'fine' | 'skipped' | 'failed';

export interface RunScope {
  organisationIds?: string[];
  documentIds?: string[];
}

export interface ArchiveRun {
  id: string;
  kind: RunKind;
  status: RunStatus;
  reason: string | null;
  eventId: string | null;
  scope: RunScope;
  level: string;
  claimSeconds: number;
  createdBy: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  report: RunReport | null;
}

export interface RunItem {
  id: string;
  runId: string;
  documentId: string;
  organisationId: string;
  state: ItemState;
  attempts: number;
  reason: string | null;
  result: ItemResult | null;
}

export interface ItemFileResult {
  fileId: string;
  version: number;
  kind: string;
  outcome: 'augmented' | 'fine' | 'unsigned';
  sha256: string;
  newFileId?: string;
  newVersion?: number;
  newSha256?: string;
}

export interface ItemResult {
  files: ItemFileResult[];
  protectedUntil?: string | null;
}

export interface RunCounts {
  total: number;
  pending: number;
  augmented: number;
  fine: number;
  skipped: number;
  failed: number;
}

/** The final report of a run: counts and, for every failure, the document and why. */
export interface RunReport {
  counts: RunCounts;
  failures: Array<{ documentId: string; organisationId: string; reason: string | null }>;
  elapsedSeconds: number | null;
}

type RunRow = {
  id: string;
  kind: RunKind;
  status: RunStatus;
  reason: string | null;
  event_id: string | null;
  scope: string | null;
  level: string;
  claim_seconds: number | string;
  created_by: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  report: string | null;
};
type ItemRow = {
  id: string;
  run_id: string;
  document_id: string;
  organisation_id: string;
  state: ItemState;
  attempts: number | string;
  reason: string | null;
  result: string | null;
};

const date = (v: string | null) => (v === null ? null : new Date(v));
const json = <T>(v: string | null): T | null => (v === null ? null : (JSON.parse(v) as T));

function toRun(r: RunRow): ArchiveRun {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    reason: r.reason,
    eventId: r.event_id,
    scope: json<RunScope>(r.scope) ?? {},
    level: r.level,
    claimSeconds: Number(r.claim_seconds),
    createdBy: r.created_by,
    createdAt: new Date(r.created_at),
    startedAt: date(r.started_at),
    finishedAt: date(r.finished_at),
    report: json<RunReport>(r.report),
  };
}

function toItem(r: ItemRow): RunItem {
  return {
    id: r.id,
    runId: r.run_id,
    documentId: r.document_id,
    organisationId: r.organisation_id,
    state: r.state,
    attempts: Number(r.attempts),
    reason: r.reason,
    result: json<ItemResult>(r.result),
  };
}

const INSERT_CHUNK = 200;

/**
 * Runs and items in plain SQL on both databases (no entity registration needed by the app or the worker). Every
 * state change of an item is conditional on its current state, so two workers that raced on one item cannot both
 * record it: the loser's transaction changes nothing and rolls back.
 */
export class ArchiveRunRepository {
  async createRun(
    em: EntityManager,
    input: {
      kind: RunKind;
      reason?: string | null;
      eventId?: string | null;
      scope: RunScope;
      level: string;
      claimSeconds: number;
      createdBy?: string | null;
      now: Date;
    },
    documents: ReadonlyArray<{ documentId: string; organisationId: string }>,
  ): Promise<ArchiveRun> {
    const q = sqlWithLists(em);
    const id = randomUUID();
    const at = input.now.toISOString();
    await execute(
      em,
      q`INSERT INTO archive_runs (id, kind, status, reason, event_id, scope, level, claim_seconds, created_by, created_at, started_at, finished_at, updated_at, report)
        VALUES (${id}, ${input.kind}, ${'pending'}, ${input.reason ?? null}, ${input.eventId ?? null}, ${JSON.stringify(input.scope)}, ${input.level}, ${input.claimSeconds},
                ${input.createdBy ?? null}, ${at}, ${null}, ${null}, ${at}, ${null})`,
    );
    const pg = isPostgres(em);
    for (let i = 0; i < documents.length; i += INSERT_CHUNK) {
      const chunk = documents.slice(i, i + INSERT_CHUNK);
      const params: unknown[] = [];
      const values = chunk.map((d) => {
        const row = [randomUUID(), id, d.documentId, d.organisationId, 'pending', 0, at];
        const marks = row.map((v) => {
          params.push(v);
          return pg ? `$${params.length}` : '?';
        });
        return `(${marks.join(', ')})`;
      });
      await execute(em, {
        text: `INSERT INTO archive_run_items (id, run_id, document_id, organisation_id, state, attempts, updated_at) VALUES ${values.join(', ')}`,
        params,
      });
    }
    return (await this.findRun(em, id))!;
  }

  async findRun(em: EntityManager, id: string): Promise<ArchiveRun | undefined> {
    const q = sqlWithLists(em);
    const [r] = await rows<RunRow>(em, q`SELECT * FROM archive_runs WHERE id = ${id}`);
    return r ? toRun(r) : undefined;
  }

  async requireRun(em: EntityManager, id: string): Promise<ArchiveRun> {
    const run = await this.findRun(em, id);
    if (!run) throw new ArchiveError(ArchiveErrorCode.RUN_NOT_FOUND, { id });
    return run;
  }

  async listRuns(
    em: EntityManager,
    filter: { status?: RunStatus[]; kind?: RunKind } = {},
  ): Promise<ArchiveRun[]> {
    const q = sqlWithLists(em);
    const statuses = filter.status ?? ['pending', 'running', 'done'];
    const found = filter.kind
      ? await rows<RunRow>(
          em,
          q`SELECT * FROM archive_runs WHERE status IN ${statuses} AND kind = ${filter.kind} ORDER BY created_at`,
        )
      : await rows<RunRow>(em, q`SELECT * FROM archive_runs WHERE status IN ${statuses} ORDER BY created_at`);
    return found.map(toRun);
  }

  async markStarted(em: EntityManager, id: string, now: Date): Promise<void> {
    const q = sqlWithLists(em);
    await execute(
      em,
      q`UPDATE archive_runs SET status = ${'running'}, started_at = COALESCE(started_at, ${now.toISOString()}), updated_at = ${now.toISOString()} WHERE id = ${id} AND status = ${'pending'}`,
    );
  }

  /**
   * Gives up on items that already crashed a worker `maxAttempts` times (a poison document must not block the run),
   * then claims up to `limit` pending items nobody holds, for `claimSeconds`. A claim of a dead worker simply
   * expires; nothing has to release it.
   */
  async claim(
    em: EntityManager,
    runId: string,
    worker: string,
    limit: number,
    now: Date,
    claimSeconds: number,
    maxAttempts: number,
  ): Promise<RunItem[]> {
    const q = sqlWithLists(em);
    const at = now.toISOString();
    const until = new Date(now.getTime() + claimSeconds * 1000).toISOString();
    await execute(
      em,
      q`UPDATE archive_run_items SET state = ${'failed'}, reason = ${`gave up after ${maxAttempts} attempts that did not finish (worker crash or timeout)`}, claimed_by = ${null}, claimed_until = ${null}, updated_at = ${at}
        WHERE run_id = ${runId} AND state = ${'pending'} AND attempts >= ${maxAttempts} AND (claimed_until IS NULL OR claimed_until < ${at})`,
    );
    // PostgreSQL: concurrent claimers skip each other's rows instead of waiting; SQLite has one writer anyway.
    const lock = isPostgres(em) ? 'FOR UPDATE SKIP LOCKED' : '';
    const claimed = await rows<ItemRow>(em, claimStatement(em, runId, worker, limit, at, until, lock));
    return claimed.map(toItem).sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  /**
   * Records the outcome of an item that is still pending; returns false (and changes nothing) when another worker
   * recorded it first. Call inside the transaction that writes the item's effects.
   */
  async complete(
    em: EntityManager,
    itemId: string,
    state: Exclude<ItemState, 'pending'>,
    result: ItemResult | null,
    reason: string | null,
    now: Date,
  ): Promise<boolean> {
    const q = sqlWithLists(em);
    const changed = await execute(
      em,
      q`UPDATE archive_run_items SET state = ${state}, result = ${result ? JSON.stringify(result) : null}, reason = ${reason}, claimed_by = ${null}, claimed_until = ${null}, updated_at = ${now.toISOString()}
        WHERE id = ${itemId} AND state = ${'pending'}`,
    );
    return changed === 1;
  }

  /** Gives a claimed item back (it is claimed again at once, by anyone). */
  async release(em: EntityManager, itemId: string, now: Date): Promise<void> {
    const q = sqlWithLists(em);
    await execute(
      em,
      q`UPDATE archive_run_items SET claimed_by = ${null}, claimed_until = ${null}, updated_at = ${now.toISOString()} WHERE id = ${itemId} AND state = ${'pending'}`,
    );
  }

  async counts(em: EntityManager, runId: string): Promise<RunCounts> {
    const q = sqlWithLists(em);
    const found = await rows<{ state: ItemState; n: number | string }>(
      em,
      q`SELECT state, COUNT(*) AS n FROM archive_run_items WHERE run_id = ${runId} GROUP BY state`,
    );
    const counts: RunCounts = { total: 0, pending: 0, augmented: 0, fine: 0, skipped: 0, failed: 0 };
    for (const r of found) {
      counts[r.state] = Number(r.n);
      counts.total += Number(r.n);
    }
    return counts;
  }

  /** When the earliest claim on a still-pending item runs out (to wait for a dead worker's items). */
  async nextClaimExpiry(em: EntityManager, runId: string): Promise<Date | null> {
    const q = sqlWithLists(em);
    const [r] = await rows<{ at: string | null }>(
      em,
      q`SELECT MIN(claimed_until) AS at FROM archive_run_items WHERE run_id = ${runId} AND state = ${'pending'}`,
    );
    return r?.at ? new Date(r.at) : null;
  }

  async items(em: EntityManager, runId: string, states?: ItemState[]): Promise<RunItem[]> {
    const q = sqlWithLists(em);
    const found = states
      ? await rows<ItemRow>(
          em,
          q`SELECT id, run_id, document_id, organisation_id, state, attempts, reason, result FROM archive_run_items WHERE run_id = ${runId} AND state IN ${states} ORDER BY id`,
        )
      : await rows<ItemRow>(
          em,
          q`SELECT id, run_id, document_id, organisation_id, state, attempts, reason, result FROM archive_run_items WHERE run_id = ${runId} ORDER BY id`,
        );
    return found.map(toItem);
  }

  /** Closes the run once no item is pending; returns false when it was already closed (or items remain). */
  async finish(em: EntityManager, runId: string, report: RunReport, now: Date): Promise<boolean> {
    const q = sqlWithLists(em);
    const changed = await execute(
      em,
      q`UPDATE archive_runs SET status = ${'done'}, finished_at = ${now.toISOString()}, updated_at = ${now.toISOString()}, report = ${JSON.stringify(report)}
        WHERE id = ${runId} AND status <> ${'done'} AND NOT EXISTS (SELECT 1 FROM archive_run_items WHERE run_id = ${runId} AND state = ${'pending'})`,
    );
    return changed === 1;
  }
}

function claimStatement(
  em: EntityManager,
  runId: string,
  worker: string,
  limit: number,
  at: string,
  until: string,
  lock: string,
) {
  const q = sqlWithLists(em);
  const s = q`UPDATE archive_run_items SET claimed_by = ${worker}, claimed_until = ${until}, attempts = attempts + 1, updated_at = ${at}
      WHERE id IN (SELECT id FROM archive_run_items WHERE run_id = ${runId} AND state = ${'pending'} AND (claimed_until IS NULL OR claimed_until < ${at})
                   ORDER BY id LIMIT ${limit} LOCKCLAUSE)
      RETURNING id, run_id, document_id, organisation_id, state, attempts, reason, result`;
  return { text: s.text.replace('LOCKCLAUSE', lock), params: s.params };
}
