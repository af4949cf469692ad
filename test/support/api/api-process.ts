import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

const ROOT_DIR = resolve(__dirname, '../../..');

/** A port the OS says is free right now. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

export interface ApiProcess {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
}

/**
 * Runs the API as its own process, exactly as `npm start` would (apps/api/src/main.ts, configuration from the
 * environment), through the SWC loader so that the test does not depend on a full `npm run build`.
 */
export async function spawnApi(env: Record<string, string>, port: number): Promise<ApiProcess> {
  const child = spawn(
    process.execPath,
    ['-r', join(ROOT_DIR, 'test/support/ts-register.cjs'), join(ROOT_DIR, 'apps/api/src/main.ts')],
    {
      cwd: ROOT_DIR,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        KYSO_LOG_LEVEL: 'warn',
        ...env,
        PORT: String(port),
        KYSO_HOST: '127.0.0.1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}: ${output}`);
    try {
      const res = await fetch(`${baseUrl}/health`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the API did not become healthy within 60 s: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, baseUrl, output: () => output };
}

/** SIGKILL: no shutdown hook, no pending response flushed, no transaction finished by the process. */
export function kill9(api: ApiProcess): Promise<void> {
  return new Promise((done) => {
    if (api.child.exitCode !== null || api.child.signalCode !== null) return done();
    api.child.once('exit', () => done());
    api.child.kill('SIGKILL');
  });
}
