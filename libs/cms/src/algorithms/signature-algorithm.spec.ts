import { constants, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CmsError, CmsErrorCode } from '../cms-error';
import { OID } from '../asn1/oids';
import { nullValue, oid, sequence } from '../asn1/der-writer';
import {
  encodeSignatureAlgorithmIdentifier,
  parseSignatureAlgorithmIdentifierDer,
} from './signature-algorithm';
import { verifySignatureValue } from './verify-signature';

describe('signature AlgorithmIdentifiers', () => {
  it('encodes what kyso produces and parses it back', () => {
    expect(encodeSignatureAlgorithmIdentifier('rsa-pkcs1', 'sha256').toString('hex')).toBe(
      '300d06092a864886f70d0101010500',
    );
    expect(
      encodeSignatureAlgorithmIdentifier('rsa-pkcs1', 'sha384', {
        rsaPkcs1Identifier: 'withDigest',
      }).toString('hex'),
    ).toBe('300d06092a864886f70d01010c0500');
    expect(encodeSignatureAlgorithmIdentifier('ecdsa', 'sha256').toString('hex')).toBe(
      '300a06082a8648ce3d040302',
    );
    const pss = parseSignatureAlgorithmIdentifierDer(encodeSignatureAlgorithmIdentifier('rsa-pss', 'sha384'));
    expect(pss).toMatchObject({
      scheme: 'rsa-pss',
      hashAlgorithm: 'sha384',
      pss: { hashAlgorithm: 'sha384', maskGenHashAlgorithm: 'sha384', saltLength: 48, trailerField: 1 },
    });
  });

  it('reads PSS defaults (SHA-1, salt 20) when parameters are absent', () => {
    const ref = parseSignatureAlgorithmIdentifierDer(sequence(oid(OID.rsassaPss), sequence()));
    expect(ref.pss).toEqual({
      hashAlgorithm: 'sha1',
      maskGenHashAlgorithm: 'sha1',
      saltLength: 20,
      trailerField: 1,
    });
  });

  it('recognises legacy and exotic algorithms for validation', () => {
    expect(
      parseSignatureAlgorithmIdentifierDer(sequence(oid(OID.sha1WithRSAEncryption), nullValue())),
    ).toMatchObject({
      scheme: 'rsa-pkcs1',
      hashAlgorithm: 'sha1',
    });
    expect(parseSignatureAlgorithmIdentifierDer(sequence(oid(OID.rsaSha3_256)))).toMatchObject({
      hashAlgorithm: 'sha3-256',
    });
    expect(parseSignatureAlgorithmIdentifierDer(sequence(oid(OID.ecdsaPlainSha256)))).toMatchObject({
      scheme: 'ecdsa',
      ecdsaEncoding: 'plain',
    });
    const unknown = parseSignatureAlgorithmIdentifierDer(sequence(oid('1.2.3.4')));
    expect(unknown.scheme).toBeUndefined();
  });
});

describe('verifySignatureValue', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const ed = generateKeyPairSync('ed25519');
  const data = Buffer.from('Công văn số 12/UBND-VX');
  const parts = [data.subarray(0, 7), data.subarray(7)];

  it('verifies PKCS#1 v1.5 with rsaEncryption + digestAlgorithm, whole or in parts', () => {
    const signature = sign('sha256', data, rsa.privateKey);
    const algorithm = parseSignatureAlgorithmIdentifierDer(
      encodeSignatureAlgorithmIdentifier('rsa-pkcs1', 'sha256'),
    );
    expect(
      verifySignatureValue({
        data,
        signature,
        algorithm,
        digestAlgorithm: 'sha256',
        publicKey: rsa.publicKey,
      }).valid,
    ).toBe(true);
    expect(
      verifySignatureValue({
        data: parts,
        signature,
        algorithm,
        digestAlgorithm: 'sha256',
        publicKey: rsa.publicKey,
      }).valid,
    ).toBe(true);
    expect(
      verifySignatureValue({
        data,
        signature,
        algorithm,
        digestAlgorithm: 'sha512',
        publicKey: rsa.publicKey,
      }).valid,
    ).toBe(false);
    expect(() => verifySignatureValue({ data, signature, algorithm, publicKey: rsa.publicKey })).toThrowError(
      CmsError,
    );
  });

  it('verifies PSS with the salt from the parameters and rejects another salt', () => {
    const signature = sign('sha256', data, {
      key: rsa.privateKey,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: 32,
    });
    const algorithm = parseSignatureAlgorithmIdentifierDer(
      encodeSignatureAlgorithmIdentifier('rsa-pss', 'sha256'),
    );
    expect(verifySignatureValue({ data, signature, algorithm, publicKey: rsa.publicKey }).valid).toBe(true);
    const salt20 = sign('sha256', data, {
      key: rsa.privateKey,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: 20,
    });
    expect(verifySignatureValue({ data, signature: salt20, algorithm, publicKey: rsa.publicKey }).valid).toBe(
      false,
    );
  });

  it('verifies ECDSA (DER and plain), Ed25519, and reports a key-type mismatch as invalid', () => {
    const der = sign('sha256', data, ec.privateKey);
    const ecdsa = parseSignatureAlgorithmIdentifierDer(encodeSignatureAlgorithmIdentifier('ecdsa', 'sha256'));
    expect(
      verifySignatureValue({ data: parts, signature: der, algorithm: ecdsa, publicKey: ec.publicKey }).valid,
    ).toBe(true);
    const plain = sign('sha256', data, { key: ec.privateKey, dsaEncoding: 'ieee-p1363' });
    const plainAlg = parseSignatureAlgorithmIdentifierDer(sequence(oid(OID.ecdsaPlainSha256)));
    expect(
      verifySignatureValue({ data, signature: plain, algorithm: plainAlg, publicKey: ec.publicKey }).valid,
    ).toBe(true);
    const edAlg = parseSignatureAlgorithmIdentifierDer(sequence(oid(OID.ed25519)));
    expect(
      verifySignatureValue({
        data,
        signature: sign(null, data, ed.privateKey),
        algorithm: edAlg,
        publicKey: ed.publicKey,
      }).valid,
    ).toBe(true);
    const mismatch = verifySignatureValue({
      data,
      signature: der,
      algorithm: ecdsa,
      publicKey: rsa.publicKey,
    });
    expect(mismatch).toMatchObject({ valid: false });
    expect(mismatch.reason).toContain('rsa');
  });

  it('throws UNSUPPORTED_ALGORITHM for unknown OIDs', () => {
    try {
      verifySignatureValue({
        data,
        signature: Buffer.alloc(1),
        algorithm: { oid: '1.2.3', name: '1.2.3' },
        publicKey: rsa.publicKey,
      });
      expect.unreachable();
    } catch (err) {
      expect((err as CmsError).code).toBe(CmsErrorCode.UnsupportedAlgorithm);
    }
  });
});
