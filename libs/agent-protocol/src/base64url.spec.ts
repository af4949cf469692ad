import { describe, expect, it } from 'vitest';
import { fromBase64, fromBase64url, toBase64url } from './base64url';
import { canonicalOrigin, isCanonicalOrigin } from './origin';

describe('strict base64 decoding', () => {
  it('round-trips and refuses alternative spellings of the same bytes', () => {
    const bytes = Buffer.from([0xfb, 0xff, 0x00, 0x10]);
    expect(fromBase64url(toBase64url(bytes))).toEqual(bytes);
    expect(fromBase64url('-_8AEA=')).toBeUndefined();
    expect(fromBase64url('-_8A EA')).toBeUndefined();
    expect(fromBase64url('-_8AEB')).toBeUndefined(); // non-zero padding bits
    expect(fromBase64(bytes.toString('base64'))).toEqual(bytes);
    expect(fromBase64('+/8AEA')).toBeUndefined();
    expect(fromBase64('-_8AEA==')).toBeUndefined();
  });
});

describe('origins', () => {
  it('canonicalises http(s) origins the way browsers send them', () => {
    expect(canonicalOrigin('https://Kyso.Example:443/path?q')).toBe('https://kyso.example');
    expect(canonicalOrigin('http://127.0.0.1:3000')).toBe('http://127.0.0.1:3000');
    expect(canonicalOrigin('ftp://x')).toBeUndefined();
    expect(canonicalOrigin('https://user:pw@kyso.example')).toBeUndefined();
    expect(canonicalOrigin('null')).toBeUndefined();
    expect(isCanonicalOrigin('https://kyso.example')).toBe(true);
    expect(isCanonicalOrigin('https://kyso.example/')).toBe(false);
  });
});
