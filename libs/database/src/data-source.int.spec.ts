import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@kyso/config';
import { databaseHealth, DatabaseUnavailableError, openDatabase } from './data-source';
import { inTransaction } from './transaction';
import { migrations } from './migrations';
import { testPostgresUrl } from '../../../test/support/postgres';

describe.each([
  [
    'sqlite',
    async () => ({ DATABASE_URL: `sqlite:${join(await mkdtemp(join(tmpdir(), 'kyso-db-')), 'k.sqlite')}` }),
  ],
  ['postgres', async () => ({ DATABASE_URL: await testPostgresUrl('foundation') })],
])('database on %s', (_name, env) => {
  const opened: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const close of opened) await close();
  });

  it('runs every migration and answers the health check', async () => {
    const config = loadConfig(await env());
    const ds = await openDatabase(config.database, { entities: [] });
    opened.push(() => ds.destroy());
    expect(await ds.showMigrations()).toBe(false);
    expect(await databaseHealth(ds)).toMatchObject({ ok: true });
    const rows = await ds.query('SELECT COUNT(*) AS n FROM idempotency_keys');
    expect(Number(rows[0].n)).toBe(0);
  });

  it('keeps concurrent transactions consistent', async () => {
    const config = loadConfig(await env());
    const ds = await openDatabase(config.database, { entities: [] });
    opened.push(() => ds.destroy());
    const insert = ds.options.type === 'postgres' ? '($1, $2, $3, $4)' : '(?, ?, ?, ?)';
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        inTransaction(ds, (em) =>
          em.query(`INSERT INTO idempotency_keys (scope, key, request_hash, created_at) VALUES ${insert}`, [
            'test',
            `k${i}`,
            'h',
            new Date().toISOString(),
          ]),
        ),
      ),
    );
    const rows = await ds.query(`SELECT COUNT(*) AS n FROM idempotency_keys WHERE scope = 'test'`);
    expect(Number(rows[0].n)).toBe(20);
  });
});

describe('database errors', () => {
  it('names an unreachable PostgreSQL in one readable line', async () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://kyso:secret@nowhere.invalid:5432/x' });
    const err = await openDatabase(config.database, { entities: [] }).catch((e) => e);
    expect(err).toBeInstanceOf(DatabaseUnavailableError);
    expect(err.message).toMatch(/PostgreSQL at postgres:\/\/kyso:\*\*\*@nowhere\.invalid/);
    expect(err.message).not.toContain('secret');
    expect(err.message).not.toContain('\n');
  });
  afterAll(() => rm(join(tmpdir(), 'nothing'), { force: true }));
});

describe('processes opening one empty PostgreSQL database together', () => {
  it('migrate it once under the start-up lock, each waiting its turn', async () => {
    const config = loadConfig({ DATABASE_URL: await testPostgresUrl('startup_lock'), KYSO_DB_POOL: '1' });
    // A pool of one: the lock's own connection must be the one the migrations run on.
    const opened = await Promise.all([1, 2, 3].map(() => openDatabase(config.database, { entities: [] })));
    try {
      const names = (await opened[0].query('SELECT name FROM migrations ORDER BY id')) as Array<{
        name: string;
      }>;
      expect(names.map((n) => n.name)).toEqual(migrations.map((m) => m.name));
      for (const ds of opened) expect(await ds.showMigrations()).toBe(false);
    } finally {
      await Promise.all(opened.map((ds) => ds.destroy()));
    }
  });
});
