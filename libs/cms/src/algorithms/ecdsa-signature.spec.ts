import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CmsError } from '../cms-error';
import { ecdsaComponentLength, ecdsaDerToRaw, ecdsaRawToDer, isDerEcdsaSignature } from './ecdsa-signature';

describe('ECDSA r‖s ⇄ DER', () => {
  it('known answer: minimal INTEGERs, sign octet for a high bit', () => {
    const raw = Buffer.alloc(64);
    raw[31] = 0x01; // r = 1
    raw[32] = 0x80; // s = 2^255
    const der = ecdsaRawToDer(raw);
    expect(der.toString('hex')).toBe('3026020101022100' + '80' + '00'.repeat(31));
    expect(ecdsaDerToRaw(der, 32)).toEqual(raw);
  });

  it('known answer: leading zero octets of r are dropped', () => {
    const raw = Buffer.concat([
      Buffer.from('00007f' + '11'.repeat(29), 'hex'),
      Buffer.from('01'.repeat(32), 'hex'),
    ]);
    expect(ecdsaRawToDer(raw).toString('hex')).toBe(
      '3042' + '021e7f' + '11'.repeat(29) + '0220' + '01'.repeat(32),
    );
  });

  it.each([
    ['prime256v1', 32],
    ['secp384r1', 48],
    ['secp521r1', 66],
  ] as const)('round-trips real %s signatures against node:crypto', (curve, size) => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: curve });
    expect(ecdsaComponentLength(publicKey)).toBe(size);
    for (let i = 0; i < 20; i++) {
      const data = Buffer.from(`message ${i}`);
      const raw = sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
      expect(raw.length).toBe(2 * size);
      const der = ecdsaRawToDer(raw);
      expect(isDerEcdsaSignature(der)).toBe(true);
      expect(verify('sha256', data, { key: publicKey, dsaEncoding: 'der' }, der)).toBe(true);
      expect(ecdsaDerToRaw(der, size)).toEqual(raw);
      const fromNodeDer = sign('sha256', data, { key: privateKey, dsaEncoding: 'der' });
      expect(
        verify(
          'sha256',
          data,
          { key: publicKey, dsaEncoding: 'ieee-p1363' },
          ecdsaDerToRaw(fromNodeDer, size),
        ),
      ).toBe(true);
    }
  });

  it('refuses malformed input', () => {
    expect(() => ecdsaRawToDer(Buffer.alloc(63))).toThrowError(CmsError);
    expect(() => ecdsaDerToRaw(Buffer.from('3006020180020101', 'hex'), 32)).toThrowError(/positive/);
    expect(() => ecdsaDerToRaw(ecdsaRawToDer(Buffer.alloc(96, 0x7f)), 32)).toThrowError(/larger/);
    expect(isDerEcdsaSignature(Buffer.alloc(64, 0x30))).toBe(false);
  });
});
