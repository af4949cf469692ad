import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const API_MAIN = resolve(REPO_ROOT, 'dist/apps/api/src/main.js');

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
    s.on('error', rej);
  });
}

export interface SpawnedApi {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs the compiled API (`npm run build` output) as a real process, the way `npm start` does. */
export async function spawnApi(
  env: Record<string, string>,
  options: { waitReady?: boolean } = {},
): Promise<SpawnedApi> {
  if (!existsSync(API_MAIN))
    throw new Error(`${API_MAIN} is missing: run \`npm run build\` first (npm test does it).`);
  const port = env.PORT ? Number(env.PORT) : await freePort();
  let out = '';
  const child = spawn(process.execPath, [API_MAIN], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: String(port),
      KYSO_LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const api: SpawnedApi = {
    child,
    baseUrl: `http://127.0.0.1:${port}`,
    output: () => out,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  if (options.waitReady !== false) {
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`API exited with ${child.exitCode}: ${out}`);
      try {
        const r = await fetch(`${api.baseUrl}/health`);
        if (r.status === 200) break;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) {
        await api.stop('SIGKILL');
        throw new Error(`API not healthy within 30 s: ${out}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return api;
}
