import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CmsError, CmsErrorCode } from '../cms-error';
import { OID } from '../asn1/oids';
import { digest, SigningDigestAlgorithm } from '../algorithms/digest-algorithm';
import { ecdsaDerToRaw, ecdsaRawToDer } from '../algorithms/ecdsa-signature';
import { SigningScheme } from '../algorithms/signature-algorithm';
import { openssl, tempFiles } from '../../testing/openssl';
import { signData, TestIdentity } from '../../testing/test-certificates';
import { unitTestPki } from '../../testing/unit-test-pki';
import { assembleSignedData } from './signed-data-assembler';
import { buildSignedAttributes } from './signed-attributes';
import { parseSignedData } from './signed-data-parser';

const pki = unitTestPki();

function signDetached(
  signer: TestIdentity,
  content: Buffer,
  hash: SigningDigestAlgorithm,
  scheme: SigningScheme,
) {
  const attrs = buildSignedAttributes({
    digestAlgorithm: hash,
    messageDigest: digest(hash, content),
    signerCertificateDer: signer.certDer,
  });
  const signature = signData(signer.key, attrs.der, hash, scheme);
  const cms = assembleSignedData({
    signedAttributesDer: attrs.der,
    signature,
    signatureAlgorithm: scheme,
    digestAlgorithm: hash,
    signerCertificateDer: signer.certDer,
    certificatesDer: [pki.intermediate.certDer, pki.root.certDer],
  });
  return { attrs, signature, cms };
}

async function opensslVerify(cms: Buffer, content: Buffer) {
  const files = await tempFiles({ 'sig.der': cms, 'data.bin': content, 'root.pem': pki.root.certPem });
  try {
    return await openssl(
      [
        'cms',
        '-verify',
        '-binary',
        '-inform',
        'DER',
        '-in',
        'sig.der',
        '-content',
        'data.bin',
        '-CAfile',
        'root.pem',
        '-purpose',
        'any',
        '-out',
        '/dev/null',
      ],
      { cwd: files.dir },
    );
  } finally {
    await files.dispose();
  }
}

describe('assembleSignedData', () => {
  const content = Buffer.concat([
    Buffer.from('%PDF-1.7 byte ranges of a commune decision '),
    randomBytes(4096),
  ]);

  it.each([
    ['RSA PKCS#1 v1.5 / SHA-256', () => pki.leaderRsa, 'sha256', 'rsa-pkcs1'],
    ['RSA PKCS#1 v1.5 / SHA-512', () => pki.leaderRsa, 'sha512', 'rsa-pkcs1'],
    ['RSASSA-PSS / SHA-256', () => pki.leaderRsa, 'sha256', 'rsa-pss'],
    ['ECDSA P-256 / SHA-256', () => pki.leaderEc, 'sha256', 'ecdsa'],
    ['ECDSA P-384 / SHA-384', () => pki.leaderP384, 'sha384', 'ecdsa'],
  ] as const)('%s: openssl cms -verify accepts the detached signature', async (_name, who, hash, scheme) => {
    const { cms } = signDetached(who(), content, hash, scheme);
    const result = await opensslVerify(cms, content);
    expect(result.stderr).toContain('Verification successful');
    expect(result.code).toBe(0);

    const tampered = Buffer.from(content);
    tampered[100] ^= 1;
    const bad = await opensslVerify(cms, tampered);
    expect(bad.code).not.toBe(0);
  });

  it('embeds the signed attributes byte for byte and builds SignedData v1, detached', () => {
    const { attrs, signature, cms } = signDetached(pki.leaderRsa, content, 'sha256', 'rsa-pkcs1');
    const parsed = parseSignedData(cms);
    expect(parsed.version).toBe(1);
    expect(parsed.isDetached).toBe(true);
    expect(parsed.encapContentInfo.eContentType).toBe(OID.data);
    expect(parsed.signers).toHaveLength(1);
    const signer = parsed.signers[0];
    expect(signer.version).toBe(1);
    expect(signer.signedAttributesDer).toEqual(attrs.der);
    expect(signer.signature).toEqual(signature);
    expect(signer.sid).toMatchObject({
      type: 'issuerAndSerialNumber',
      serialHex: pki.leaderRsa.info.serialHex,
    });
    expect(signer.signingTime).toBeUndefined();
    expect(signer.messageDigest).toEqual(digest('sha256', content));
    expect(parsed.certificates.map((c) => c.toString('hex')).sort()).toEqual(
      [pki.leaderRsa.certDer, pki.intermediate.certDer, pki.root.certDer]
        .map((c) => c.toString('hex'))
        .sort(),
    );
  });

  it('deduplicates certificates and accepts the signer inside the chain', () => {
    const attrs = buildSignedAttributes({
      digestAlgorithm: 'sha256',
      messageDigest: digest('sha256', content),
      signerCertificateDer: pki.leaderEc.certDer,
    });
    const cms = assembleSignedData({
      signedAttributesDer: attrs.der,
      signature: signData(pki.leaderEc.key, attrs.der),
      signatureAlgorithm: 'ecdsa',
      digestAlgorithm: 'sha256',
      signerCertificateDer: pki.leaderEc.certDer,
      certificatesDer: [pki.leaderEc.certDer, pki.intermediate.certDer, pki.intermediate.certDer],
    });
    expect(parseSignedData(cms).certificates).toHaveLength(2);
  });

  it('accepts an ECDSA value converted from a token r‖s and refuses a raw one', () => {
    const attrs = buildSignedAttributes({
      digestAlgorithm: 'sha256',
      messageDigest: digest('sha256', content),
      signerCertificateDer: pki.leaderEc.certDer,
    });
    const raw = ecdsaDerToRaw(signData(pki.leaderEc.key, attrs.der), 32);
    const base = {
      signedAttributesDer: attrs.der,
      signatureAlgorithm: 'ecdsa' as const,
      digestAlgorithm: 'sha256' as const,
      signerCertificateDer: pki.leaderEc.certDer,
    };
    expect(() => assembleSignedData({ ...base, signature: raw })).toThrowError(/ecdsaRawToDer/);
    expect(
      parseSignedData(assembleSignedData({ ...base, signature: ecdsaRawToDer(raw) })).signers,
    ).toHaveLength(1);
  });

  it('refuses a signature that does not verify with the signer certificate', () => {
    const attrs = buildSignedAttributes({
      digestAlgorithm: 'sha256',
      messageDigest: digest('sha256', content),
      signerCertificateDer: pki.leaderRsa.certDer,
    });
    const wrongKey = signData(pki.revoked.key, attrs.der);
    const err = captureError(() =>
      assembleSignedData({
        signedAttributesDer: attrs.der,
        signature: wrongKey,
        signatureAlgorithm: 'rsa-pkcs1',
        digestAlgorithm: 'sha256',
        signerCertificateDer: pki.leaderRsa.certDer,
      }),
    );
    expect(err).toBeInstanceOf(CmsError);
    expect((err as CmsError).code).toBe(CmsErrorCode.InvalidArgument);
    expect((err as CmsError).messageVi).toContain('Tham số không hợp lệ');
  });

  it('refuses signed attributes whose digest length does not match the digest algorithm', () => {
    const attrs = buildSignedAttributes({
      digestAlgorithm: 'sha256',
      messageDigest: digest('sha256', content),
      signerCertificateDer: pki.leaderRsa.certDer,
    });
    expect(() =>
      assembleSignedData({
        signedAttributesDer: attrs.der,
        signature: signData(pki.leaderRsa.key, attrs.der, 'sha384'),
        signatureAlgorithm: 'rsa-pkcs1',
        digestAlgorithm: 'sha384',
        signerCertificateDer: pki.leaderRsa.certDer,
      }),
    ).toThrowError(/message-digest length/);
  });
});

function captureError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}
