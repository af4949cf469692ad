import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PairingError, PairingErrorCode, pairingInfoFor, pinServerKey } from './pairing';
import { generateRequestKeyPair, publicKeyId, publicKeyPem } from './server-key';

const keys = generateRequestKeyPair();

function codeOf(fn: () => unknown): PairingErrorCode | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof PairingError) return err.code;
    throw err;
  }
  return undefined;
}

describe('pairing', () => {
  it('publishes the origin in canonical form with the key fingerprint, and pins it back', () => {
    const info = pairingInfoFor('HTTPS://Kyso.Example:443/', keys.privateKey);
    expect(info.origin).toBe('https://kyso.example');
    expect(info.keyId).toBe(publicKeyId(keys.publicKey));
    expect(info.publicKeyPem).toContain('BEGIN PUBLIC KEY');
    const pinned = pinServerKey(JSON.parse(JSON.stringify(info)), 'https://kyso.example/');
    expect(pinned.origin).toBe('https://kyso.example');
    expect(pinned.publicKey.equals(keys.publicKey)).toBe(true);
  });

  it('recomputes the key id instead of trusting it', () => {
    const info = pairingInfoFor('https://kyso.example', keys.publicKey);
    expect(codeOf(() => pinServerKey({ ...info, keyId: 'x'.repeat(43) }))).toBe(
      PairingErrorCode.KEY_ID_MISMATCH,
    );
    const { keyId: _omit, ...withoutId } = info;
    expect(pinServerKey(withoutId).keyId).toBe(info.keyId);
  });

  it('refuses a server that answers for another origin', () => {
    const info = pairingInfoFor('https://evil.example', keys.publicKey);
    expect(codeOf(() => pinServerKey(info, 'https://kyso.example'))).toBe(PairingErrorCode.ORIGIN_MISMATCH);
  });

  it('refuses non-canonical origins, paths and other schemes in stored data', () => {
    const info = pairingInfoFor('https://kyso.example', keys.publicKey);
    for (const origin of [
      'https://kyso.example/',
      'https://kyso.example/app',
      'HTTPS://KYSO.EXAMPLE',
      'file:///x',
      'null',
    ]) {
      expect(codeOf(() => pinServerKey({ ...info, origin }))).toBe(PairingErrorCode.INVALID_ORIGIN);
    }
  });

  it('refuses keys that are not ECDSA P-256 and text that is not a key', () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey;
    const base = { origin: 'https://kyso.example' };
    expect(codeOf(() => pinServerKey({ ...base, publicKeyPem: publicKeyPem(p384) }))).toBe(
      PairingErrorCode.INVALID_PUBLIC_KEY,
    );
    expect(codeOf(() => pinServerKey({ ...base, publicKeyPem: 'hello' }))).toBe(
      PairingErrorCode.INVALID_PUBLIC_KEY,
    );
    expect(codeOf(() => pinServerKey({ ...base }))).toBe(PairingErrorCode.MALFORMED);
    expect(codeOf(() => pinServerKey('x'))).toBe(PairingErrorCode.MALFORMED);
  });
});
