import { describe, expect, it } from 'vitest';

import { createCoreSelector, FALLBACK_WARNING } from './core-selection';
import { NativeCoreUnavailableError } from './errors';
import { defaultCore, fallbackCore, info, nativeCore, setThreads } from './index';

describe('the native core in this environment', () => {
  it('is built and used by default (else: `npm rebuild @kyso/native`, needs python3, make, g++)', () => {
    // nativeCore() throws NativeCoreUnavailableError with the build command when the addon is missing.
    expect(nativeCore().info().native).toBe(true);
    expect(info().native).toBe(true);
    expect(defaultCore().kind).toBe('native');
  });

  it("computes with Node's own OpenSSL", () => {
    expect(info().opensslVersion).toBe(process.versions.openssl);
  });

  it('resizes its thread pool', async () => {
    const initial = info().threads;
    expect(initial).toBeGreaterThanOrEqual(1);
    try {
      setThreads(3);
      expect(info().threads).toBe(3);
      const digests = await nativeCore().hashBatch([Buffer.from('a'), Buffer.from('b')], 'sha256');
      expect(digests).toHaveLength(2);
      setThreads(1);
      expect(info().threads).toBe(1);
    } finally {
      setThreads(initial);
    }
    expect(() => setThreads(0)).toThrow(TypeError);
    expect(() => setThreads(1.5)).toThrow(/threads must be an integer from 1 to 1024/);
  });

  it('has a fallback that reports itself as such', () => {
    expect(fallbackCore().info()).toEqual({
      native: false,
      opensslVersion: process.versions.openssl,
      threads: 1,
    });
  });
});

describe('core selection without a build', () => {
  const notBuilt = () => ({
    ok: false as const,
    reason: 'not-built' as const,
    searched: ['/nowhere/build/Release/kyso_native.node'],
  });

  it('falls back to node:crypto and warns exactly once', async () => {
    const warnings: string[] = [];
    const selector = createCoreSelector({ load: notBuilt, warn: (message) => warnings.push(message) });
    expect(selector.defaultCore().kind).toBe('fallback');
    expect(selector.defaultCore().kind).toBe('fallback');
    const [digest] = await selector.defaultCore().hashBatch([Buffer.from('abc')], 'sha256');
    expect(Buffer.isBuffer(digest)).toBe(true);
    expect(warnings).toEqual([FALLBACK_WARNING]);
    expect(FALLBACK_WARNING).toBe(
      'kyso native core not built — using the slower node:crypto fallback; build it with `npm rebuild @kyso/native` (needs python3, make, g++)',
    );
  });

  it('makes nativeCore() throw with the build command', () => {
    const selector = createCoreSelector({ load: notBuilt, warn: () => undefined });
    expect(() => selector.nativeCore()).toThrow(NativeCoreUnavailableError);
    expect(() => selector.nativeCore()).toThrow(/npm rebuild @kyso\/native/);
  });

  it('reports an addon that exists but cannot be loaded, with the reason', () => {
    const warnings: string[] = [];
    const selector = createCoreSelector({
      load: () => ({
        ok: false,
        reason: 'load-failed',
        path: '/x/kyso_native.node',
        error: new Error('invalid ELF header'),
      }),
      warn: (message) => warnings.push(message),
    });
    expect(selector.defaultCore().kind).toBe('fallback');
    expect(warnings[0]).toContain('invalid ELF header');
    expect(() => selector.nativeCore()).toThrow(/cannot be loaded \(invalid ELF header\)/);
  });
});
