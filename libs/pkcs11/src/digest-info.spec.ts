import { constants, createHash, generateKeyPairSync, publicDecrypt, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeDigestInfo } from './digest-info';
import type { HashAlgorithm } from './hash-algorithm';

/** DER prefixes from RFC 8017 §9.2, note 1. */
const RFC8017_PREFIXES: Record<HashAlgorithm, string> = {
  sha256: '3031300d060960864801650304020105000420',
  sha384: '3041300d060960864801650304020205000430',
  sha512: '3051300d060960864801650304020305000440',
};

describe('encodeDigestInfo', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const data = Buffer.from('kyso DigestInfo known answer');

  it.each(Object.keys(RFC8017_PREFIXES) as HashAlgorithm[])('matches RFC 8017 for %s', (hash) => {
    const digest = createHash(hash).update(data).digest();
    expect(encodeDigestInfo(hash, digest).toString('hex')).toBe(
      RFC8017_PREFIXES[hash] + digest.toString('hex'),
    );
  });

  it.each(Object.keys(RFC8017_PREFIXES) as HashAlgorithm[])(
    'equals what OpenSSL puts inside a PKCS#1 v1.5 %s signature',
    (hash) => {
      const signature = sign(hash, data, privateKey);
      const recovered = publicDecrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, signature);
      expect(encodeDigestInfo(hash, createHash(hash).update(data).digest()).equals(recovered)).toBe(true);
    },
  );

  it('refuses a digest of the wrong length', () => {
    expect(() => encodeDigestInfo('sha384', Buffer.alloc(32))).toThrow(/48 bytes/);
  });
});
