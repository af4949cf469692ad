import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnApi } from '../support/spawn-api';

describe('npm start on the embedded default', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('serves /health, OpenAPI and Swagger UI with no external service, within 30 s', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'kyso-start-'));
    dirs.push(dataDir);
    const started = Date.now();
    const api = await spawnApi({ KYSO_DATA_DIR: dataDir });
    try {
      expect(Date.now() - started).toBeLessThan(30_000);
      const health = (await (await fetch(`${api.baseUrl}/health`)).json()) as Record<string, unknown>;
      expect(health).toMatchObject({
        status: 'ok',
        mode: 'embedded',
        database: { ok: true, kind: 'sqlite' },
        storage: { ok: true, kind: 'local' },
        queue: { kind: 'in-process' },
      });
      const openapi = (await (await fetch(`${api.baseUrl}/api/docs-json`)).json()) as {
        openapi: string;
        paths: Record<string, unknown>;
      };
      expect(openapi.openapi).toMatch(/^3\./);
      expect(openapi.paths['/health']).toBeDefined();
      const ui = await fetch(`${api.baseUrl}/api/docs`);
      expect(ui.status).toBe(200);
      expect(await ui.text()).toContain('swagger-ui');
    } finally {
      await api.stop();
    }
  });

  it('writes structured JSON logs with a request id', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'kyso-start-'));
    dirs.push(dataDir);
    const api = await spawnApi({ KYSO_DATA_DIR: dataDir, KYSO_LOG_LEVEL: 'info' });
    try {
      const r = await fetch(`${api.baseUrl}/health`, { headers: { 'x-request-id': 'test-req-1' } });
      expect(r.headers.get('x-request-id')).toBe('test-req-1');
      await new Promise((res) => setTimeout(res, 100));
      const lines = api
        .output()
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines.some((l) => l.reqId === 'test-req-1' && l.status === 200 && l.url === '/health')).toBe(
        true,
      );
    } finally {
      await api.stop();
    }
  });

  it.each([
    [
      { DATABASE_URL: 'postgres://nowhere' },
      /^kyso: cannot open the database \(PostgreSQL at postgres:\/\/nowhere\): .*Check DATABASE_URL\.\n$/,
    ],
    [{ KYSO_STORAGE: 's3' }, /^kyso: KYSO_STORAGE: unknown value "s3"\. Use one of: local\.\n$/],
    [{ PORT: 'eighty' }, /^kyso: PORT: "eighty" is not a whole number\. Use a number from 0 to 65535\.\n$/],
  ])('exits non-zero with one readable line for %o', async (env, line) => {
    const api = await spawnApi(env as Record<string, string>, { waitReady: false });
    const code = await new Promise<number | null>((r) => api.child.once('exit', r));
    expect(code).not.toBe(0);
    expect(api.output()).toMatch(line);
  });
});
