import { Client } from 'pg';

/** The PostgreSQL every developer machine and CI runs (see README). Override with KYSO_TEST_PG. */
export const TEST_PG_BASE = process.env.KYSO_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432';

/**
 * A fresh, empty database for one test file, so test files can run in parallel without sharing tables.
 * Fails with a message saying how to start PostgreSQL when it is not running.
 */
export async function testPostgresUrl(label: string): Promise<string> {
  const name = `kyso_t_${label.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${process.pid}_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: `${TEST_PG_BASE}/postgres`, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(
      `PostgreSQL is not reachable at ${TEST_PG_BASE} (${(err as Error).message}). Start it with: ` +
        'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
    );
  }
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return `${TEST_PG_BASE}/${name}`;
}
