import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migrations } from '@kyso/database';
import { type SpawnedApi, spawnApi } from '../support/spawn-api';
import { testPostgresUrl } from '../support/postgres';

const ROUNDS = 10;
const REPLICAS = 2;

/**
 * A deploy that restarts its replicas together: processes started at the same instant on an empty PostgreSQL
 * database, sharing a data directory. The start-up lock makes one of them migrate and create the administrator
 * while the others wait; every one becomes healthy, every round (a fresh database each time).
 */
describe('API replicas started together on an empty PostgreSQL database', () => {
  const dirs: string[] = [];
  const running: SpawnedApi[] = [];
  afterAll(async () => {
    await Promise.all(running.map((api) => api.stop('SIGKILL')));
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it(`all become healthy and migrate once, ${ROUNDS} rounds in a row`, { timeout: 300_000 }, async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const databaseUrl = await testPostgresUrl(`replicas_${round}`);
      const dataDir = await mkdtemp(join(tmpdir(), 'kyso-replicas-'));
      dirs.push(dataDir);
      const env = {
        DATABASE_URL: databaseUrl,
        KYSO_DATA_DIR: dataDir,
        KYSO_BOOTSTRAP_ADMIN: 'admin:replicas-start-secret',
        KYSO_DB_POOL: '2',
      };
      const started = await Promise.allSettled(Array.from({ length: REPLICAS }, () => spawnApi(env)));
      for (const s of started) if (s.status === 'fulfilled') running.push(s.value);
      const failures = started.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : []));
      expect({ round, failures }).toEqual({ round, failures: [] });

      const db = new Client({ connectionString: databaseUrl });
      await db.connect();
      try {
        const names = (await db.query('SELECT name FROM migrations ORDER BY id')).rows.map((r) => r.name);
        expect(names).toEqual(migrations.map((m) => m.name));
        const admins = await db.query(`SELECT username FROM users`);
        expect(admins.rows).toEqual([{ username: 'admin' }]);
      } finally {
        await db.end();
      }
      await Promise.all(running.splice(0).map((api) => api.stop()));
    }
  });
});
