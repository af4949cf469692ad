import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateRequestKeyPair, pairingInfoFor } from '@kyso/agent-protocol';
import {
  AgentConfigError,
  defaultAgentConfig,
  parseAgentConfig,
  pinnedKeysOf,
  withPairedServer,
} from './agent-config';
import { defaultConfigPath } from './config-dir';
import { readAgentConfig, writeAgentConfig } from './config-file';
import { detectModules, KNOWN_MODULES } from './known-modules';

const dir = mkdtempSync(join(tmpdir(), 'kyso-agent-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const key = generateRequestKeyPair();

describe('agent configuration', () => {
  it('defaults to port 8988, a 5-minute PIN cache and no paired server', () => {
    expect(readAgentConfig(join(dir, 'missing.json'))).toEqual({
      port: 8988,
      pinCacheSeconds: 300,
      clockToleranceSeconds: 60,
      modules: [],
      rsaScheme: 'pkcs1',
      servers: [],
    });
  });

  it('round-trips through a file only the user can read, and pins the stored keys', () => {
    const file = join(dir, 'sub', 'config.json');
    const config = withPairedServer(
      { ...defaultAgentConfig(), modules: ['/usr/lib/softhsm/libsofthsm2.so'], pinCacheSeconds: 120 },
      { ...pairingInfoFor('https://kyso.example', key.publicKey), pairedAt: '2026-11-22T00:00:00Z' },
    );
    writeAgentConfig(file, config);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readAgentConfig(file)).toEqual(config);
    const [pinned] = pinnedKeysOf(readAgentConfig(file));
    expect(pinned!.publicKey.equals(key.publicKey)).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8')).servers[0].origin).toBe('https://kyso.example');
  });

  it('re-pairing an origin replaces its key instead of adding a second one', () => {
    const other = generateRequestKeyPair();
    let config = withPairedServer(defaultAgentConfig(), {
      ...pairingInfoFor('https://kyso.example', key.publicKey),
      pairedAt: '',
    });
    config = withPairedServer(config, {
      ...pairingInfoFor('https://kyso.example', other.publicKey),
      pairedAt: '',
    });
    expect(config.servers).toHaveLength(1);
    expect(pinnedKeysOf(config)[0]!.publicKey.equals(other.publicKey)).toBe(true);
  });

  it('refuses unknown settings, out-of-range numbers, tampered key ids and bad JSON, naming the field', () => {
    const parse = (json: unknown) => () => parseAgentConfig(json, 'config.json');
    expect(parse({ pinCache: 5 })).toThrow(/pinCache is not a known setting/);
    expect(parse({ pinCacheSeconds: 7200 })).toThrow(AgentConfigError);
    expect(parse({ port: 0 })).toThrow(/port/);
    expect(parse({ rsaScheme: 'raw' })).toThrow(/rsaScheme/);
    expect(parse({ modules: [''] })).toThrow(/modules/);
    const info = pairingInfoFor('https://kyso.example', key.publicKey);
    expect(parse({ servers: [{ ...info, keyId: 'A'.repeat(43) }] })).toThrow(/servers\[0\]/);
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{ nope');
    expect(() => readAgentConfig(file)).toThrow(/not valid JSON/);
    try {
      parse({ port: 'x' })();
    } catch (err) {
      expect((err as AgentConfigError).messageVi).toContain('Tệp cấu hình');
    }
  });
});

describe('per-OS locations', () => {
  it('puts the config where each OS expects per-user settings', () => {
    expect(defaultConfigPath('win32', { APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'C:\\Users\\a')).toBe(
      join('C:\\Users\\a\\AppData\\Roaming', 'kyso-agent', 'config.json'),
    );
    expect(defaultConfigPath('darwin', {}, '/Users/a')).toBe(
      '/Users/a/Library/Application Support/kyso-agent/config.json',
    );
    expect(defaultConfigPath('linux', {}, '/home/a')).toBe('/home/a/.config/kyso-agent/config.json');
    expect(defaultConfigPath('linux', { XDG_CONFIG_HOME: '/x' }, '/home/a')).toBe(
      '/x/kyso-agent/config.json',
    );
  });

  it('detects known PKCS#11 modules that exist, marking vendor paths as unverified examples', () => {
    expect(detectModules('win32', (p) => p.endsWith('eps2003csp11.dll'))).toEqual([
      'C:\\Windows\\System32\\eps2003csp11.dll',
    ]);
    expect(detectModules('linux', () => false)).toEqual([]);
    const vendors = Object.values(KNOWN_MODULES)
      .flat()
      .filter((m) => !m!.vendor.includes('SoftHSM'));
    expect(vendors.every((m) => m!.verified === false && m!.vendor.includes('example'))).toBe(true);
  });
});
