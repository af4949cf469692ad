import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@kyso/config';
import { openDatabase } from './data-source';
import { openPresence } from './presence';
import { testPostgresUrl } from '../../../test/support/postgres';

describe('process presence', () => {
  const closing: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const close of closing.reverse()) await close();
  });

  it('on PostgreSQL, tells a live process from one whose connection has gone', async () => {
    const config = loadConfig({ DATABASE_URL: await testPostgresUrl('presence') });
    const ds = await openDatabase(config.database, { entities: [] });
    closing.push(() => ds.destroy());
    const [here, there] = await Promise.all([openPresence(ds), openPresence(ds)]);
    closing.push(() => here.close());
    expect(here.id).not.toBe(there.id);
    expect(await here.isAlive(here.id)).toBe(true);
    expect(await here.isAlive(there.id)).toBe(true);
    expect(await here.isAlive(there.id)).toBe(true); // asking does not take the other's place
    await there.close(); // as PostgreSQL sees a killed process: its session ends
    expect(await here.isAlive(there.id)).toBe(false);
  });

  it('on SQLite, takes any other id for an earlier run of the one process', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'kyso-presence-')), 'k.sqlite');
    const ds = await openDatabase(loadConfig({ DATABASE_URL: `sqlite:${file}` }).database, { entities: [] });
    closing.push(() => ds.destroy());
    const here = await openPresence(ds);
    expect(await here.isAlive(here.id)).toBe(true);
    expect(await here.isAlive(here.id + 1)).toBe(false);
  });
});
