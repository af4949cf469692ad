import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@kyso/config';
import { openDatabase } from '@kyso/database';
import { ApiClient } from '../../../../test/support/api/api-client';
import { type ApiHarness, startApi } from '../../../../test/support/api/api-harness';
import { createCommune } from '../../../../test/support/api/commune';
import { type CliIo, runCli } from '../program';
import { registrars } from '.';

function cli(env: Record<string, string>) {
  const out: string[] = [];
  const io: CliIo = { stdout: (s) => out.push(s), stderr: (s) => out.push(s), env };
  return { io, text: () => out.join('') };
}

describe('kyso audit verify', () => {
  let api: ApiHarness;
  let env: Record<string, string>;
  beforeAll(async () => {
    api = await startApi('audit_cli', { db: 'sqlite' });
    await createCommune(new ApiClient(api.baseUrl));
    env = { DATABASE_URL: `sqlite:${api.dataDir}/kyso.sqlite`, KYSO_DATA_DIR: api.dataDir };
    await api.kyso.close();
  });
  afterAll(() => api.close().catch(() => undefined));

  it('reports an intact trail with exit 0', async () => {
    const t = cli(env);
    expect(await runCli(['audit', 'verify'], registrars, t.io)).toBe(0);
    expect(t.text()).toMatch(/entries checked: OK/);
  });

  it('detects an altered entry and exits 1', async () => {
    // Someone with database access rewrites history behind kyso's back.
    const ds = await openDatabase(loadConfig(env).database, { entities: [] });
    const [row] = (await ds.query(
      'SELECT chain_id, seq FROM audit_entries ORDER BY seq DESC LIMIT 1',
    )) as Array<{ chain_id: string; seq: number }>;
    await ds.query('UPDATE audit_entries SET action = ? WHERE chain_id = ? AND seq = ?', [
      'user.deleted',
      row.chain_id,
      row.seq,
    ]);
    await ds.destroy();
    const t = cli(env);
    expect(await runCli(['audit', 'verify'], registrars, t.io)).toBe(1);
    expect(t.text()).toMatch(new RegExp(`#${row.seq} altered`));
    expect(t.text()).toMatch(/TAMPERED/);
  });
});
