import { createHash } from 'node:crypto';
import * as pkcs11js from 'pkcs11js';
import { describe, expect, it } from 'vitest';
import { Pkcs11Error, Pkcs11ErrorCode } from './pkcs11.error';
import {
  SIGN_MECHANISMS,
  chooseSignMechanism,
  ckMechanismOf,
  signInputOf,
  signMechanismSpec,
  type SignatureRequest,
} from './sign-mechanism';

const ALL = new Set(Object.values(SIGN_MECHANISMS).map((spec) => spec.ckm));
const RAW_ONLY = new Set([pkcs11js.CKM_RSA_PKCS, pkcs11js.CKM_RSA_PKCS_PSS, pkcs11js.CKM_ECDSA]);

function codeOf(action: () => unknown): Pkcs11ErrorCode | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    return error instanceof Pkcs11Error ? error.code : undefined;
  }
}

describe('signing mechanisms', () => {
  it('maps every name to the PKCS#11 mechanism pkcs11js defines', () => {
    expect(Object.keys(SIGN_MECHANISMS)).toHaveLength(18);
    expect(SIGN_MECHANISMS.RSA_PKCS_SHA384.ckm).toBe(pkcs11js.CKM_SHA384_RSA_PKCS);
    expect(SIGN_MECHANISMS.RSA_PKCS_RAW_SHA512.ckm).toBe(pkcs11js.CKM_RSA_PKCS);
    expect(SIGN_MECHANISMS.RSA_PSS_SHA256.ckm).toBe(pkcs11js.CKM_SHA256_RSA_PKCS_PSS);
    expect(SIGN_MECHANISMS.RSA_PSS_RAW_SHA256.ckm).toBe(pkcs11js.CKM_RSA_PKCS_PSS);
    expect(SIGN_MECHANISMS.ECDSA_SHA256.ckm).toBe(pkcs11js.CKM_ECDSA);
    expect(SIGN_MECHANISMS.ECDSA_TOKEN_SHA512.ckm).toBe(pkcs11js.CKM_ECDSA_SHA512);
    for (const spec of Object.values(SIGN_MECHANISMS)) expect(typeof spec.ckm).toBe('number');
  });

  it('gives PSS the hash, MGF1 and salt length of the digest', () => {
    expect(ckMechanismOf(SIGN_MECHANISMS.RSA_PSS_SHA384)).toEqual({
      mechanism: pkcs11js.CKM_SHA384_RSA_PKCS_PSS,
      parameter: {
        type: pkcs11js.CK_PARAMS_RSA_PSS,
        hashAlg: pkcs11js.CKM_SHA384,
        mgf: pkcs11js.CKG_MGF1_SHA384,
        saltLen: 48,
      },
    });
    expect(ckMechanismOf(SIGN_MECHANISMS.ECDSA_SHA256)).toEqual({ mechanism: pkcs11js.CKM_ECDSA });
  });

  it('prepares the C_Sign input: data, DigestInfo or digest', () => {
    const data = Buffer.from('tbs');
    const digest = createHash('sha256').update(data).digest();
    expect(signInputOf(SIGN_MECHANISMS.RSA_PKCS_SHA256, data).equals(data)).toBe(true);
    expect(signInputOf(SIGN_MECHANISMS.RSA_PKCS_RAW_SHA256, data).toString('hex')).toBe(
      '3031300d060960864801650304020105000420' + digest.toString('hex'),
    );
    expect(signInputOf(SIGN_MECHANISMS.ECDSA_SHA256, data).equals(digest)).toBe(true);
    expect(signInputOf(SIGN_MECHANISMS.RSA_PSS_RAW_SHA256, digest, true).equals(digest)).toBe(true);
    expect(() => signInputOf(SIGN_MECHANISMS.ECDSA_SHA384, digest, true)).toThrow(/48 bytes/);
    expect(codeOf(() => signInputOf(SIGN_MECHANISMS.RSA_PKCS_SHA256, digest, true))).toBe(
      Pkcs11ErrorCode.MECHANISM_NOT_SUPPORTED,
    );
  });

  it('prefers token hashing for RSA and bare CKM_ECDSA for EC, falling back to what the token has', () => {
    const pkcs1: SignatureRequest = { hash: 'sha256', scheme: 'pkcs1' };
    expect(chooseSignMechanism('rsa', pkcs1, ALL)).toBe('RSA_PKCS_SHA256');
    expect(chooseSignMechanism('rsa', pkcs1, RAW_ONLY)).toBe('RSA_PKCS_RAW_SHA256');
    expect(chooseSignMechanism('rsa', { hash: 'sha512', scheme: 'pss' }, RAW_ONLY)).toBe(
      'RSA_PSS_RAW_SHA512',
    );
    expect(chooseSignMechanism('ec', { hash: 'sha384', scheme: 'ecdsa' }, ALL)).toBe('ECDSA_SHA384');
    expect(
      chooseSignMechanism('ec', { hash: 'sha256', scheme: 'ecdsa' }, new Set([pkcs11js.CKM_ECDSA_SHA256])),
    ).toBe('ECDSA_TOKEN_SHA256');
    expect(chooseSignMechanism('rsa', { ...pkcs1, prehashed: true }, ALL)).toBe('RSA_PKCS_RAW_SHA256');
  });

  it('refuses what cannot work', () => {
    const onlyCombined = new Set([pkcs11js.CKM_SHA256_RSA_PKCS]);
    expect(
      codeOf(() =>
        chooseSignMechanism('rsa', { hash: 'sha256', scheme: 'pkcs1', prehashed: true }, onlyCombined),
      ),
    ).toBe(Pkcs11ErrorCode.MECHANISM_NOT_SUPPORTED);
    expect(codeOf(() => chooseSignMechanism('ec', { hash: 'sha256', scheme: 'pss' }, ALL))).toBe(
      Pkcs11ErrorCode.MECHANISM_NOT_SUPPORTED,
    );
    const sha1 = { hash: 'sha1', scheme: 'pkcs1' } as unknown as SignatureRequest;
    expect(codeOf(() => chooseSignMechanism('rsa', sha1, ALL))).toBe(Pkcs11ErrorCode.MECHANISM_NOT_SUPPORTED);
    expect(codeOf(() => signMechanismSpec('RSA_PKCS_SHA1'))).toBe(Pkcs11ErrorCode.MECHANISM_NOT_SUPPORTED);
  });
});
