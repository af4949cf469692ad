import { constants, createHash, generateKeyPairSync, privateEncrypt, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CmsError } from '../cms-error';
import { decodeDigestInfo, encodeDigestInfo } from './digest-info';

// RFC 8017 9.2 note 1: the DER prefixes of DigestInfo for each hash.
const PREFIXES = {
  sha1: '3021300906052b0e03021a05000414',
  sha256: '3031300d060960864801650304020105000420',
  sha384: '3041300d060960864801650304020205000430',
  sha512: '3051300d060960864801650304020305000440',
} as const;

describe('encodeDigestInfo', () => {
  it.each(Object.entries(PREFIXES))('matches the RFC 8017 prefix for %s', (alg, prefix) => {
    const hash = createHash(alg).update('abc').digest();
    const der = encodeDigestInfo(alg as keyof typeof PREFIXES, hash);
    expect(der.toString('hex')).toBe(prefix + hash.toString('hex'));
    expect(decodeDigestInfo(der)).toEqual({ algorithm: alg, digest: hash });
  });

  it('raw RSA over the DigestInfo equals a SHA-256 PKCS#1 v1.5 signature (CKM_RSA_PKCS path)', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const data = Buffer.from('Tờ trình số 07/TTr-UBND');
    const viaToken = privateEncrypt(
      { key: privateKey, padding: constants.RSA_PKCS1_PADDING },
      encodeDigestInfo('sha256', createHash('sha256').update(data).digest()),
    );
    expect(viaToken).toEqual(sign('sha256', data, privateKey));
  });

  it('refuses a digest of the wrong length', () => {
    expect(() => encodeDigestInfo('sha256', Buffer.alloc(20))).toThrowError(CmsError);
  });
});
