// Test support: both cores, so every spec runs the same vectors through the C++ addon and the
// node:crypto fallback. nativeCore() throws with the build command when the addon is missing,
// which fails the suite with that instruction instead of silently testing the fallback only.
import { fallbackCore, nativeCore } from '../ts/index';
import type { BatchCryptoCore } from '../ts/types';

export const CORES: ReadonlyArray<readonly [name: string, core: () => BatchCryptoCore]> = [
  ['native', nativeCore],
  ['fallback', fallbackCore],
];
