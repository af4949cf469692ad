import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ecdsaRawToDer } from './ecdsa-signature';

const rawOf = (r: string, s: string): Buffer => Buffer.concat([Buffer.from(r, 'hex'), Buffer.from(s, 'hex')]);

describe('ecdsaRawToDer', () => {
  it('strips leading zeros and adds a sign byte (P-256 known answer)', () => {
    const r = '00'.repeat(31) + '01';
    const s = '80' + '00'.repeat(31);
    expect(ecdsaRawToDer(rawOf(r, s)).toString('hex')).toBe('3026' + '020101' + '022100' + s);
  });

  it('encodes a zero half as INTEGER 0', () => {
    expect(ecdsaRawToDer(Buffer.alloc(64)).toString('hex')).toBe('3006020100020100');
  });

  it('uses a long-form length for P-521 (66-byte halves with the high bit set)', () => {
    const half = 'ff'.repeat(66);
    const der = ecdsaRawToDer(rawOf(half, half));
    expect(der.subarray(0, 3).toString('hex')).toBe('30818a');
    expect(der.subarray(3, 6).toString('hex')).toBe('024300');
    expect(der).toHaveLength(3 + 2 * 69);
  });

  it('refuses an odd or empty input', () => {
    expect(() => ecdsaRawToDer(Buffer.alloc(63))).toThrow(RangeError);
    expect(() => ecdsaRawToDer(Buffer.alloc(0))).toThrow(RangeError);
  });

  it.each(['prime256v1', 'secp384r1', 'secp521r1'])(
    'produces DER that OpenSSL verifies on %s',
    (namedCurve) => {
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve });
      for (let i = 0; i < 40; i++) {
        const data = Buffer.from(`message ${i}`);
        const raw = sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
        expect(verify('sha256', data, publicKey, ecdsaRawToDer(raw))).toBe(true);
      }
    },
  );
});
