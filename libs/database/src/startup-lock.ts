import type { DataSource, QueryRunner } from 'typeorm';

/**
 * The PostgreSQL advisory-lock key (bigint form) that serialises start-up writes across processes: 0x6b79736f is
 * "kyso" in ASCII. Every API, worker or CLI process that migrates the schema or writes bootstrap rows takes it
 * first, so replicas started at the same instant migrate once and bootstrap once. Keep it fixed: processes of
 * different versions must agree on it. kyso's other advisory locks use the two-int4 form, a separate key space.
 */
export const STARTUP_LOCK_KEY = 0x6b79736f;

/**
 * Runs `work` while holding the start-up lock: a session-level `pg_advisory_lock` on a dedicated connection, which
 * `work` receives so that it can do its writes on it (with a pool of one connection, another one would never come).
 * The lock is released when `work` ends, and by PostgreSQL itself if the process dies holding it. SQLite needs no
 * lock: one process owns the database file, so `work` runs as is, with no session.
 */
export async function withStartupLock<T>(
  ds: DataSource,
  work: (session: QueryRunner | undefined) => Promise<T>,
): Promise<T> {
  if (ds.options.type !== 'postgres') return work(undefined);
  const session = ds.createQueryRunner();
  try {
    await session.connect();
    await session.query('SELECT pg_advisory_lock($1)', [STARTUP_LOCK_KEY]);
    try {
      return await work(session);
    } finally {
      await session.query('SELECT pg_advisory_unlock($1)', [STARTUP_LOCK_KEY]);
    }
  } finally {
    await session.release();
  }
}
