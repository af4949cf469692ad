import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { ensureSoftHsmTokens } from '../../certs-test/src/softhsm/softhsm-tokens';

export const REPO_ROOT = resolve(__dirname, '..', '..');

/** Runs the real `kyso` command (bin/kyso.js over the compiled CLI) and captures everything. */
export function kyso(
  args: string[],
  env: Record<string, string> = {},
): { code: number; stdout: string; stderr: string } {
  const hsm = ensureSoftHsmTokens();
  const r = spawnSync(process.execPath, [resolve(REPO_ROOT, 'bin/kyso.js'), ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', SOFTHSM2_CONF: hsm.conf, ...env },
    timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
