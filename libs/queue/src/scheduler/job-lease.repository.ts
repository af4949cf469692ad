import type { EntityManager } from 'typeorm';
import { execute, rows, sql } from '@kyso/database';

export type LeaseStatus = 'running' | 'ok' | 'failed';

/** One row of `scheduled_jobs`: who ran a job for one period, when, and how it ended. */
export interface JobLease {
  name: string;
  periodKey: string;
  claimedBy: string;
  claimedAt: Date;
  finishedAt: Date | null;
  status: LeaseStatus;
  outcome: Record<string, unknown> | null;
}

interface LeaseRow {
  name: string;
  period_key: string;
  claimed_by: string;
  claimed_at: string;
  finished_at: string | null;
  status: LeaseStatus;
  outcome: string | null;
}

/**
 * The lease rows of the scheduler. The primary key (name, period_key) is the whole mechanism: of every process that
 * inserts the same row, one succeeds; the same statement works on PostgreSQL and SQLite ≥ 3.35.
 */
export class JobLeaseRepository {
  /** True when this process won the period's lease (and must run the job), false when another process holds it. */
  async claim(em: EntityManager, name: string, periodKey: string, owner: string, at: Date): Promise<boolean> {
    const inserted = await rows(
      em,
      sql(
        em,
      )`INSERT INTO scheduled_jobs (name, period_key, claimed_by, claimed_at, finished_at, status, outcome)
              VALUES (${name}, ${periodKey}, ${owner}, ${at.toISOString()}, NULL, ${'running'}, NULL)
              ON CONFLICT (name, period_key) DO NOTHING RETURNING name`,
    );
    return inserted.length === 1;
  }

  async finish(
    em: EntityManager,
    lease: { name: string; periodKey: string; owner: string },
    status: 'ok' | 'failed',
    outcome: Record<string, unknown>,
    at: Date,
  ): Promise<void> {
    await execute(
      em,
      sql(
        em,
      )`UPDATE scheduled_jobs SET finished_at = ${at.toISOString()}, status = ${status}, outcome = ${JSON.stringify(outcome)}
              WHERE name = ${lease.name} AND period_key = ${lease.periodKey} AND claimed_by = ${lease.owner}`,
    );
  }

  /** The most recent lease of a job, if it ever ran. */
  async last(em: EntityManager, name: string): Promise<JobLease | undefined> {
    const found = await rows<LeaseRow>(
      em,
      sql(
        em,
      )`SELECT name, period_key, claimed_by, claimed_at, finished_at, status, outcome FROM scheduled_jobs
              WHERE name = ${name} ORDER BY period_key DESC LIMIT 1`,
    );
    return found[0] && toLease(found[0]);
  }

  /** Forgets the leases of a job older than `before` (their periods are long past). */
  async prune(em: EntityManager, name: string, before: Date): Promise<number> {
    return execute(
      em,
      sql(em)`DELETE FROM scheduled_jobs WHERE name = ${name} AND claimed_at < ${before.toISOString()}`,
    );
  }
}

function toLease(r: LeaseRow): JobLease {
  return {
    name: r.name,
    periodKey: r.period_key,
    claimedBy: r.claimed_by,
    claimedAt: new Date(r.claimed_at),
    finishedAt: r.finished_at ? new Date(r.finished_at) : null,
    status: r.status,
    outcome: r.outcome ? (JSON.parse(r.outcome) as Record<string, unknown>) : null,
  };
}
