import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { derOctetString } from './der';
import { curveOfEcParams, ecPublicKeyFrom, rsaPublicKeyFrom } from './public-key';

const spki = (key: { export(options: { type: 'spki'; format: 'der' }): Buffer }): string =>
  key.export({ type: 'spki', format: 'der' }).toString('hex');

describe('public keys from token attributes', () => {
  it.each([
    ['prime256v1', '06082a8648ce3d030107', 'P-256'],
    ['secp384r1', '06052b81040022', 'P-384'],
    ['secp521r1', '06052b81040023', 'P-521'],
  ])(
    'rebuilds a %s key from CKA_EC_PARAMS and CKA_EC_POINT, wrapped or bare',
    (namedCurve, paramsHex, name) => {
      const { publicKey } = generateKeyPairSync('ec', { namedCurve });
      const jwk = publicKey.export({ format: 'jwk' });
      const point = Buffer.concat([
        Buffer.from([4]),
        Buffer.from(jwk.x!, 'base64url'),
        Buffer.from(jwk.y!, 'base64url'),
      ]);
      const params = Buffer.from(paramsHex, 'hex');
      expect(curveOfEcParams(params)).toBe(name);
      expect(spki(ecPublicKeyFrom(params, derOctetString(point)))).toBe(spki(publicKey));
      expect(spki(ecPublicKeyFrom(params, point))).toBe(spki(publicKey));
    },
  );

  it('rebuilds an RSA key from CKA_MODULUS and CKA_PUBLIC_EXPONENT', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const jwk = publicKey.export({ format: 'jwk' });
    const modulus = Buffer.concat([Buffer.from([0]), Buffer.from(jwk.n!, 'base64url')]);
    expect(spki(rsaPublicKeyFrom(modulus, Buffer.from(jwk.e!, 'base64url')))).toBe(spki(publicKey));
  });

  it('does not name unknown curves', () => {
    expect(curveOfEcParams(Buffer.from('06092b2403030208010107', 'hex'))).toBeUndefined();
  });
});
