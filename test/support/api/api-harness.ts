import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@kyso/config';
import { createApp, type KysoApp } from '../../../apps/api/src/create-app';
import type { Clock } from '../../../apps/api/src/core/clock';
import { testPostgresUrl } from '../postgres';

export const ROOT = { username: 'root', password: 'root-password-1' };

export interface ApiHarness {
  baseUrl: string;
  kyso: KysoApp;
  dataDir: string;
  close(): Promise<void>;
}

/** The real API (createApp) on a fresh PostgreSQL database or SQLite file, listening on a random loopback port. */
export async function startApi(
  label: string,
  options: { db?: 'postgres' | 'sqlite'; clock?: Clock; env?: Record<string, string> } = {},
): Promise<ApiHarness> {
  const dataDir = await mkdtemp(join(tmpdir(), `kyso-${label}-`));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL:
      options.db === 'sqlite' ? `sqlite:${join(dataDir, 'kyso.sqlite')}` : await testPostgresUrl(label),
    KYSO_DATA_DIR: dataDir,
    KYSO_BOOTSTRAP_ADMIN: `${ROOT.username}:${ROOT.password}`,
    KYSO_LOG_LEVEL: 'silent',
    KYSO_PUBLIC_URL: 'http://kyso.test',
    ...options.env,
  });
  const kyso = await createApp(config, { clock: options.clock });
  await kyso.app.listen(0, '127.0.0.1');
  const { port } = kyso.app.getHttpServer().address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    kyso,
    dataDir,
    async close() {
      await kyso.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
