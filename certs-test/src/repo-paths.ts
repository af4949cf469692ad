import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

const MARKER = join('certs-test', 'pki', 'manifest.json');

let cachedRoot: string | undefined;

/**
 * The repository root, found by walking up from this file. Works from the TypeScript sources
 * (vitest) and from the compiled copy in dist/certs-test/src alike.
 */
export function repoRoot(): string {
  if (cachedRoot) return cachedRoot;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, MARKER))) return (cachedRoot = dir);
    if (dirname(dir) === dir) {
      throw new Error(`test PKI not found above ${__dirname}: run \`npm run pki\` in the repository root`);
    }
  }
}

export const testPkiDir = (): string => join(repoRoot(), 'certs-test', 'pki');
