import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

import type { NormalizedHashInput } from './validate';
import type { VerifyColumns } from './verify-columns';
import type { RawItemError } from './errors';

/** The raw functions exported by native/src/addon.cc. Only the wrapper calls them. */
export interface KysoAddon {
  hashBatch(
    inputs: NormalizedHashInput[],
    algorithm: string,
  ): Promise<{ digests: Buffer; errors: RawItemError[] }>;
  verifyBatch(batch: VerifyColumns): Promise<{ status: Buffer; errors: RawItemError[] }>;
  merkleTree(leaves: Uint8Array[], algorithm: string): Promise<{ levels: Buffer[] }>;
  info(): { opensslVersion: string; threads: number; defaultThreads: number };
  setThreads(threads: number): void;
}

export type AddonLoad =
  | { readonly ok: true; readonly addon: KysoAddon; readonly path: string }
  | { readonly ok: false; readonly reason: 'not-built'; readonly searched: readonly string[] }
  | { readonly ok: false; readonly reason: 'load-failed'; readonly path: string; readonly error: unknown };

// The wrapper runs from three places: native/ts (vitest, ts-node), dist/native/ts (the compiled
// build) and node_modules/@kyso/native (a symlink to native/). Walking up from where it runs and
// trying both spellings finds native/build/Release from all of them.
const CANDIDATES = [
  join('build', 'Release', 'kyso_native.node'),
  join('native', 'build', 'Release', 'kyso_native.node'),
];

export function findAddon(startDirs: readonly string[]): { path?: string; searched: string[] } {
  const searched: string[] = [];
  for (const start of startDirs) {
    for (let dir = resolve(start); ; dir = dirname(dir)) {
      for (const candidate of CANDIDATES) {
        const path = join(dir, candidate);
        searched.push(path);
        if (existsSync(path)) return { path, searched };
      }
      if (dirname(dir) === dir) break;
    }
  }
  return { searched };
}

/** Where to start looking: this module's directory, then the working directory. */
export function defaultSearchDirs(): string[] {
  // `__dirname` exists in the compiled CommonJS build; under an ESM test runner it may not.
  return typeof __dirname === 'string' ? [__dirname, process.cwd()] : [process.cwd()];
}

export function loadAddon(startDirs: readonly string[] = defaultSearchDirs()): AddonLoad {
  const found = findAddon(startDirs);
  if (found.path === undefined) return { ok: false, reason: 'not-built', searched: found.searched };
  try {
    const addon = createRequire(found.path)(found.path) as KysoAddon;
    return { ok: true, addon, path: found.path };
  } catch (error) {
    // Built for another Node ABI or platform, or a missing symbol: report it, do not hide it.
    return { ok: false, reason: 'load-failed', path: found.path, error };
  }
}
