import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RevocationRegistry } from './revocation-registry';

const base = [
  {
    issuer: 'intermediate' as const,
    serialHex: '5B40',
    revokedAt: new Date('2025-03-01T00:00:00Z'),
    reason: 'keyCompromise' as const,
  },
];

describe('RevocationRegistry', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('treats serials as numbers: case, colons and leading zeros do not matter', () => {
    const registry = new RevocationRegistry(base);
    const at = new Date('2026-01-01T00:00:00Z');
    expect(registry.lookup('intermediate', '005b40', at)?.reason).toBe('keyCompromise');
    expect(registry.lookup('intermediate', '5b:40', at)).toBeDefined();
    expect(registry.lookup('root', '5b40', at)).toBeUndefined();
  });

  it('applies a revocation only from its revokedAt on', () => {
    const registry = new RevocationRegistry([]);
    registry.revoke({
      issuer: 'intermediate',
      serialHex: 'abcd',
      revokedAt: new Date('2030-01-01T00:00:00Z'),
      reason: 'superseded',
    });
    expect(registry.lookup('intermediate', 'abcd', new Date('2029-12-31T23:59:59Z'))).toBeUndefined();
    expect(registry.lookup('intermediate', 'abcd', new Date('2030-01-01T00:00:00Z'))?.reason).toBe(
      'superseded',
    );
    expect(registry.listFor('intermediate', new Date('2029-01-01T00:00:00Z'))).toEqual([]);
  });

  it('lets a run-time revocation override the base state and lists both in serial order', () => {
    const registry = new RevocationRegistry(base);
    registry.revoke({
      issuer: 'intermediate',
      serialHex: '01',
      revokedAt: new Date('2025-01-01T00:00:00Z'),
      reason: 'unspecified',
    });
    registry.revoke({
      issuer: 'intermediate',
      serialHex: '5b40',
      revokedAt: new Date('2025-02-01T00:00:00Z'),
      reason: 'cACompromise',
    });
    const listed = registry.listFor('intermediate', new Date('2026-01-01T00:00:00Z'));
    expect(listed.map((r) => [r.serialHex, r.reason])).toEqual([
      ['1', 'unspecified'],
      ['5b40', 'cACompromise'],
    ]);
  });

  it('persists run-time revocations to the state file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kyso-revocations-'));
    dirs.push(dir);
    const stateFile = join(dir, 'nested', 'state.json');
    new RevocationRegistry(base, stateFile).revoke({
      issuer: 'root',
      serialHex: '77',
      revokedAt: new Date('2025-05-05T05:05:05Z'),
      reason: 'cessationOfOperation',
    });
    const reloaded = new RevocationRegistry(base, stateFile);
    expect(reloaded.lookup('root', '77', new Date('2026-01-01T00:00:00Z'))).toEqual({
      issuer: 'root',
      serialHex: '77',
      revokedAt: new Date('2025-05-05T05:05:05Z'),
      reason: 'cessationOfOperation',
    });
  });
});
