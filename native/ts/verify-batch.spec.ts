import {
  constants,
  createHash,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
  type RSAPSSKeyPairKeyObjectOptions,
  type SignKeyObjectInput,
  type VerifyKeyObjectInput,
} from 'node:crypto';
import { describe, expect, it } from 'vitest';

import { DIGEST_LENGTH, HASH_ALGORITHMS, type HashAlgorithm, type SignatureAlgorithm } from './algorithms';
import { NativeErrorCode, isItemError } from './errors';
import { fallbackCore, nativeCore } from './index';
import { CORES } from '../testing/test-cores';
import type { VerifyItem, VerifyResult } from './types';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsaOther = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ecKeys = {
  'P-256': generateKeyPairSync('ec', { namedCurve: 'P-256' }),
  'P-384': generateKeyPairSync('ec', { namedCurve: 'P-384' }),
  'P-521': generateKeyPairSync('ec', { namedCurve: 'P-521' }),
  secp256k1: generateKeyPairSync('ec', { namedCurve: 'secp256k1' }),
};
const ecOther = generateKeyPairSync('ec', { namedCurve: 'P-256' });
// An id-RSASSA-PSS key restricted to SHA-256, MGF1-SHA-256 and salts of at least 32 bytes.
// (@types/node 20 declares saltLength as a string; Node takes the number.)
const pssOnly = generateKeyPairSync('rsa-pss', {
  modulusLength: 2048,
  hashAlgorithm: 'sha256',
  mgf1HashAlgorithm: 'sha256',
  saltLength: 32,
} as unknown as RSAPSSKeyPairKeyObjectOptions);
const ed25519 = generateKeyPairSync('ed25519');

const spki = (key: KeyObject): Buffer => key.export({ type: 'spki', format: 'der' });
const message = Buffer.from('Quyết định số 15/QĐ-UBND — signed attributes stand-in');
const tampered = Buffer.from(message);
tampered[3] ^= 0x01;

interface Vector {
  readonly label: string;
  readonly algorithm: SignatureAlgorithm;
  readonly hash: HashAlgorithm;
  readonly signer: SignKeyObjectInput | KeyObject;
  readonly publicKey: KeyObject;
  readonly wrongKey: KeyObject;
  readonly nodeOptions: (key: KeyObject) => VerifyKeyObjectInput | KeyObject;
}

const vectors: Vector[] = HASH_ALGORITHMS.flatMap((hash): Vector[] => [
  {
    label: `rsa-pkcs1-${hash}`,
    algorithm: `rsa-pkcs1-${hash}`,
    hash,
    signer: rsa.privateKey,
    publicKey: rsa.publicKey,
    wrongKey: rsaOther.publicKey,
    nodeOptions: (key) => ({ key, padding: constants.RSA_PKCS1_PADDING }),
  },
  {
    label: `rsa-pss-${hash} salt=digest length`,
    algorithm: `rsa-pss-${hash}`,
    hash,
    signer: {
      key: rsa.privateKey,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: DIGEST_LENGTH[hash],
    },
    publicKey: rsa.publicKey,
    wrongKey: rsaOther.publicKey,
    nodeOptions: (key) => ({ key, padding: constants.RSA_PKCS1_PSS_PADDING }),
  },
  {
    label: `rsa-pss-${hash} salt=max`,
    algorithm: `rsa-pss-${hash}`,
    hash,
    signer: {
      key: rsa.privateKey,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: constants.RSA_PSS_SALTLEN_MAX_SIGN,
    },
    publicKey: rsa.publicKey,
    wrongKey: rsaOther.publicKey,
    nodeOptions: (key) => ({ key, padding: constants.RSA_PKCS1_PSS_PADDING }),
  },
  ...(['P-256', 'P-384', 'P-521', 'secp256k1'] as const).map((curve): Vector => ({
    label: `ecdsa-${hash} on ${curve}`,
    algorithm: `ecdsa-${hash}`,
    hash,
    signer: ecKeys[curve].privateKey,
    publicKey: ecKeys[curve].publicKey,
    wrongKey: curve === 'P-256' ? ecOther.publicKey : ecKeys['P-256'].publicKey,
    nodeOptions: (key) => ({ key, dsaEncoding: 'der' }),
  })),
]);

/** Signature variants that must not verify; node:crypto decides what they are worth, not the test. */
function malformed(signature: Buffer): Record<string, Buffer> {
  const flipped = Buffer.from(signature);
  flipped[flipped.length >> 1] ^= 0x40;
  const longForm = Buffer.concat([Buffer.from([0x30, 0x81, signature[1]]), signature.subarray(2)]);
  return {
    truncated: signature.subarray(0, signature.length - 1),
    'trailing byte': Buffer.concat([signature, Buffer.from([0])]),
    empty: Buffer.alloc(0),
    'all 0xff': Buffer.alloc(signature.length, 0xff),
    'bit flipped': flipped,
    'non-minimal DER length': longForm,
  };
}

interface Case {
  readonly name: string;
  readonly item: VerifyItem;
  readonly expected: boolean;
}

function casesFor(vector: Vector): Case[] {
  const signature = sign(vector.hash, message, vector.signer);
  const variants: Array<[string, Buffer, Buffer, KeyObject]> = [
    ['valid', message, signature, vector.publicKey],
    ['tampered data', tampered, signature, vector.publicKey],
    ['wrong key', message, signature, vector.wrongKey],
    ...Object.entries(malformed(signature)).map(([name, bad]): [string, Buffer, Buffer, KeyObject] => [
      name,
      message,
      bad,
      vector.publicKey,
    ]),
  ];
  return variants.flatMap(([name, data, sig, key]) => {
    const expected = verify(vector.hash, data, vector.nodeOptions(key), sig);
    const base = { algorithm: vector.algorithm, publicKey: spki(key), signature: sig };
    return [
      { name: `${vector.label}: ${name} (data)`, item: { ...base, data }, expected },
      {
        name: `${vector.label}: ${name} (digest)`,
        item: { ...base, digest: createHash(vector.hash).update(data).digest() },
        expected,
      },
    ];
  });
}

const allCases = vectors.flatMap(casesFor);

describe.each(CORES)('verifyBatch (%s core) agrees with node:crypto.verify', (_name, core) => {
  it('on valid, tampered, wrong-key and malformed RSA PKCS#1, RSA-PSS and ECDSA signatures', async () => {
    const results = await core().verifyBatch(allCases.map((c) => c.item));
    const mismatches = allCases.flatMap((c, i) =>
      results[i] === c.expected ? [] : [`${c.name}: ${String(results[i])}`],
    );
    expect(mismatches).toEqual([]);
    // The vectors exercise both outcomes in every scheme.
    expect(allCases.filter((c) => c.expected).length).toBe(vectors.length * 2);
  });

  it('honours an explicit RSA-PSS salt length and accepts any salt with "auto"', async () => {
    const hash = 'sha256';
    const salt32 = sign(hash, message, {
      key: rsa.privateKey,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: 32,
    });
    const saltMax = sign(hash, message, {
      key: rsa.privateKey,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: constants.RSA_PSS_SALTLEN_MAX_SIGN,
    });
    const item = (signature: Buffer, pssSaltLength: number | 'auto'): VerifyItem => ({
      algorithm: 'rsa-pss-sha256',
      publicKey: spki(rsa.publicKey),
      signature,
      data: message,
      pssSaltLength,
    });
    const nodeSays = (signature: Buffer, saltLength: number): boolean =>
      verify(
        hash,
        message,
        { key: rsa.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength },
        signature,
      );
    const results = await core().verifyBatch([
      item(salt32, 32),
      item(salt32, 20),
      item(salt32, 'auto'),
      item(saltMax, 'auto'),
      item(saltMax, 32),
    ]);
    expect(results).toEqual([
      nodeSays(salt32, 32),
      nodeSays(salt32, 20),
      nodeSays(salt32, constants.RSA_PSS_SALTLEN_AUTO),
      nodeSays(saltMax, constants.RSA_PSS_SALTLEN_AUTO),
      nodeSays(saltMax, 32),
    ]);
    expect(results.slice(0, 3)).toEqual([true, false, true]);
  });

  it('applies the parameters of an RSASSA-PSS (id-RSASSA-PSS) key', async () => {
    const signature = sign('sha256', message, {
      key: pssOnly.privateKey,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: 32,
    });
    const base = { publicKey: spki(pssOnly.publicKey), signature };
    const digest = createHash('sha256').update(message).digest();
    const results = await core().verifyBatch([
      { ...base, algorithm: 'rsa-pss-sha256', data: message },
      { ...base, algorithm: 'rsa-pss-sha256', digest },
      { ...base, algorithm: 'rsa-pss-sha256', data: tampered },
      { ...base, algorithm: 'rsa-pss-sha384', data: message },
      { ...base, algorithm: 'rsa-pkcs1-sha256', data: message },
      { ...base, algorithm: 'rsa-pss-sha256', data: message, pssSaltLength: 16 },
    ]);
    expect(results.slice(0, 3)).toEqual([
      verify(
        'sha256',
        message,
        { key: pssOnly.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
        signature,
      ),
      true,
      false,
    ]);
    for (const result of results.slice(3)) {
      expect(isItemError(result) && result.error.code).toBe(NativeErrorCode.KeyAlgorithmMismatch);
    }
  });

  it('fails only the bad items, with a code and messages in English and Vietnamese', async () => {
    const signature = sign('sha256', message, rsa.privateKey);
    const good: VerifyItem = {
      algorithm: 'rsa-pkcs1-sha256',
      publicKey: spki(rsa.publicKey),
      signature,
      data: message,
    };
    const rsaPkcs1Der = rsa.publicKey.export({ type: 'pkcs1', format: 'der' });
    const results = await core().verifyBatch([
      good,
      { ...good, algorithm: 'rsa-pkcs1-sha1' as SignatureAlgorithm },
      { ...good, algorithm: 'ed25519' as SignatureAlgorithm },
      { ...good, publicKey: Buffer.from('not a key at all') },
      { ...good, publicKey: Buffer.concat([spki(rsa.publicKey), Buffer.from([0])]) },
      { ...good, publicKey: rsaPkcs1Der },
      { ...good, publicKey: Buffer.alloc(0) },
      { ...good, algorithm: 'ecdsa-sha256' },
      { ...good, algorithm: 'ecdsa-sha256', publicKey: spki(ed25519.publicKey) },
      { ...good, algorithm: 'rsa-pkcs1-sha256', publicKey: spki(ecKeys['P-256'].publicKey) },
      { algorithm: 'rsa-pkcs1-sha384', publicKey: spki(rsa.publicKey), signature, digest: Buffer.alloc(32) },
      good,
    ]);
    const codes = results.map((r: VerifyResult) => (isItemError(r) ? r.error.code : r));
    expect(codes).toEqual([
      true,
      NativeErrorCode.UnknownAlgorithm,
      NativeErrorCode.UnknownAlgorithm,
      NativeErrorCode.InvalidPublicKey,
      NativeErrorCode.InvalidPublicKey,
      NativeErrorCode.InvalidPublicKey,
      NativeErrorCode.InvalidPublicKey,
      NativeErrorCode.KeyAlgorithmMismatch,
      NativeErrorCode.KeyAlgorithmMismatch,
      NativeErrorCode.KeyAlgorithmMismatch,
      NativeErrorCode.DigestLengthMismatch,
      true,
    ]);
    const unknown = results[1];
    expect(isItemError(unknown) && unknown.error.message).toContain('"rsa-pkcs1-sha1"');
    expect(isItemError(unknown) && unknown.error.messageVi).toContain('không được hỗ trợ');
    const mismatch = results[8];
    expect(isItemError(mismatch) && mismatch.error).toMatchObject({
      keyType: 'ed25519',
      algorithm: 'ecdsa-sha256',
    });
    const length = results[10];
    expect(isItemError(length) && length.error).toMatchObject({ expectedLength: 48, actualLength: 32 });
  });
});

describe('verifyBatch: both cores', () => {
  it('return identical results, errors included, for the same batch', async () => {
    const signature = sign('sha384', message, ecKeys['P-384'].privateKey);
    const items: VerifyItem[] = [
      ...allCases.slice(0, 40).map((c) => c.item),
      { algorithm: 'ecdsa-sha384', publicKey: spki(ecKeys['P-384'].publicKey), signature, data: message },
      { algorithm: 'ecdsa-sha384', publicKey: Buffer.from('junk'), signature, data: message },
      { algorithm: 'rsa-pss-sha512', publicKey: spki(ecKeys['P-384'].publicKey), signature, data: message },
      { algorithm: 'nope' as SignatureAlgorithm, publicKey: spki(rsa.publicKey), signature, data: message },
    ];
    const [native, fallback] = await Promise.all([
      nativeCore().verifyBatch(items),
      fallbackCore().verifyBatch(items),
    ]);
    expect(native).toEqual(fallback);
  });
});
