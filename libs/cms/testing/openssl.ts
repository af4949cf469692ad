import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface OpensslResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the openssl CLI (an independent judge in tests); fails with an install hint when it is missing. */
export function openssl(
  args: readonly string[],
  options: { cwd?: string; input?: Buffer } = {},
): Promise<OpensslResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'openssl',
      [...args],
      { cwd: options.cwd, timeout: 20_000, maxBuffer: 16 << 20 },
      (err, stdout, stderr) => {
        if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(new Error('openssl not found: install it with `apt-get install -y openssl`'));
          return;
        }
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
    if (options.input) child.stdin?.end(options.input);
  });
}

/** A temporary directory with files written into it; `dispose` removes it. */
export async function tempFiles(
  files: Record<string, string | Uint8Array>,
): Promise<{ dir: string; path: (name: string) => string; dispose: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'kyso-cms-'));
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return { dir, path: (name) => join(dir, name), dispose: () => rm(dir, { recursive: true, force: true }) };
}
