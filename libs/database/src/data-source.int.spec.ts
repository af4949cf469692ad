import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@kyso/config';
import { databaseHealth, DatabaseUnavailableError, openDatabase } from './data-source';
import { inTransaction } from './transaction';
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
