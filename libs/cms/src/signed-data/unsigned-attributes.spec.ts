import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CmsError, CmsErrorCode } from '../cms-error';
import { OID } from '../asn1/oids';
import { octetString, utf8String } from '../asn1/der-writer';
import { digest } from '../algorithms/digest-algorithm';
import { TsaClient } from '../timestamp/tsa-client';
import { verifyTimeStampToken } from '../timestamp/timestamp-token';
import { openssl, tempFiles } from '../../testing/openssl';
import { opensslTsa } from '../../testing/openssl-tsa';
import { signData } from '../../testing/test-certificates';
import { unitTestPki } from '../../testing/unit-test-pki';
import { assembleSignedData } from './signed-data-assembler';
import { buildSignedAttributes } from './signed-attributes';
import { parseSignedData } from './signed-data-parser';
import { addSignatureTimestamp, addUnsignedAttribute } from './unsigned-attributes';
import { estimateSignatureSize } from './signature-size';
import { verifyCmsSignature } from './signer-info-verifier';

const pki = unitTestPki();
const content = Buffer.from('%PDF-1.7 ... the byte ranges of Quyết định 15/QĐ-UBND ...');

function signedCms(): Buffer {
  const attrs = buildSignedAttributes({
    digestAlgorithm: 'sha256',
    messageDigest: digest('sha256', content),
    signerCertificateDer: pki.leaderRsa.certDer,
  });
  return assembleSignedData({
    signedAttributesDer: attrs.der,
    signature: signData(pki.leaderRsa.key, attrs.der),
    signatureAlgorithm: 'rsa-pkcs1',
    digestAlgorithm: 'sha256',
    signerCertificateDer: pki.leaderRsa.certDer,
    certificatesDer: [pki.intermediate.certDer, pki.root.certDer],
  });
}

async function opensslVerifies(cms: Buffer): Promise<boolean> {
  const files = await tempFiles({ 'sig.der': cms, 'data.bin': content, 'root.pem': pki.root.certPem });
  try {
    const r = await openssl(
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
    return r.code === 0 && r.stderr.includes('Verification successful');
  } finally {
    await files.dispose();
  }
}

describe('addUnsignedAttribute', () => {
  it('adds attributes without changing a signed byte', async () => {
    const cms = signedCms();
    const before = parseSignedData(cms).signers[0];
    const once = addUnsignedAttribute(cms, { type: '1.2.3.4.5', values: [utf8String('ghi chú')] });
    const twice = addUnsignedAttribute(Buffer.concat([once, Buffer.alloc(100)]), {
      type: '1.2.3.4.6',
      values: [octetString(Buffer.alloc(300))],
    });
    const after = parseSignedData(twice).signers[0];
    expect(after.signedAttributesDer).toEqual(before.signedAttributesDer);
    expect(after.signature).toEqual(before.signature);
    expect(after.unsignedAttributes.map((a) => a.type).sort()).toEqual(['1.2.3.4.5', '1.2.3.4.6']);
    expect(verifyCmsSignature({ cms: twice, content }).valid).toBe(true);
    expect(await opensslVerifies(twice)).toBe(true);
  });

  it('SIGNER_NOT_FOUND for a missing signer index', () => {
    try {
      addUnsignedAttribute(signedCms(), { type: '1.2.3', values: [utf8String('x')] }, { signerIndex: 3 });
      expect.unreachable();
    } catch (err) {
      expect((err as CmsError).code).toBe(CmsErrorCode.SignerNotFound);
    }
  });
});

describe('addSignatureTimestamp', () => {
  let tsa: Awaited<ReturnType<typeof opensslTsa>>;
  beforeAll(async () => {
    tsa = await opensslTsa({ tsa: pki.tsa, chain: [pki.intermediate] });
  });
  afterAll(() => tsa.dispose());

  it('turns B-B into B-T: token over the signature value, signed part untouched, openssl still verifies', async () => {
    const cms = signedCms();
    const client = new TsaClient({ url: 'http://tsa.invalid/', fetch: tsa.fetch });
    const stamped = await addSignatureTimestamp(cms, client);
    const parsed = parseSignedData(stamped);
    const signer = parsed.signers[0];
    expect(signer.signatureTimestampTokens).toHaveLength(1);
    expect(signer.signedAttributesDer).toEqual(parseSignedData(cms).signers[0].signedAttributesDer);
    const token = verifyTimeStampToken(signer.signatureTimestampTokens[0], {
      expectedImprint: { algorithm: 'sha256', digest: digest('sha256', signer.signature) },
    });
    expect(token.valid).toBe(true);
    expect(await opensslVerifies(stamped)).toBe(true);

    // The size estimate with the real token size covers the real result.
    const estimate = estimateSignatureSize({
      signerCertificateDer: pki.leaderRsa.certDer,
      certificatesDer: [pki.intermediate.certDer, pki.root.certDer],
      timestamp: { expectedTokenBytes: client.lastTokenSize! },
      marginBytes: 0,
    });
    expect(estimate.bytes).toBeGreaterThanOrEqual(stamped.length);
    expect(estimate.bytes - stamped.length).toBeLessThan(64);
  });

  it('propagates typed TSA errors and leaves no half-built CMS', async () => {
    const client = new TsaClient({ url: 'http://tsa.invalid/', offline: true });
    await expect(addSignatureTimestamp(signedCms(), client)).rejects.toMatchObject({
      code: CmsErrorCode.Offline,
    });
  });
});

describe('estimateSignatureSize', () => {
  it('is exact without a time-stamp (B-B) for RSA and bounds ECDSA', () => {
    const rsa = estimateSignatureSize({
      signerCertificateDer: pki.leaderRsa.certDer,
      certificatesDer: [pki.intermediate.certDer, pki.root.certDer],
      marginBytes: 0,
    });
    expect(rsa.bytes).toBe(signedCms().length);
    const ec = estimateSignatureSize({ signerCertificateDer: pki.leaderEc.certDer, marginBytes: 0 });
    expect(ec.breakdown.timestamp).toBe(0);
    const attrs = buildSignedAttributes({
      digestAlgorithm: 'sha256',
      messageDigest: digest('sha256', content),
      signerCertificateDer: pki.leaderEc.certDer,
    });
    const real = assembleSignedData({
      signedAttributesDer: attrs.der,
      signature: signData(pki.leaderEc.key, attrs.der),
      signatureAlgorithm: 'ecdsa',
      digestAlgorithm: 'sha256',
      signerCertificateDer: pki.leaderEc.certDer,
    });
    expect(ec.bytes).toBeGreaterThanOrEqual(real.length);
    // ECDSA values vary in length: r or s without a sign octet, rarely a shorter integer.
    expect(ec.bytes - real.length).toBeLessThanOrEqual(8);
  });

  it('adds the default token allowance and margin', () => {
    const e = estimateSignatureSize({ signerCertificateDer: pki.leaderRsa.certDer, timestamp: true });
    expect(e.breakdown.margin).toBe(1024);
    expect(e.breakdown.timestamp).toBeGreaterThan(6000);
    expect(e.bytes).toBe(
      e.breakdown.signedData + e.breakdown.timestamp + e.breakdown.extraUnsigned + e.breakdown.margin,
    );
  });
});

describe('signed attributes', () => {
  it('contain content-type, message-digest and signing-certificate-v2 only, in DER order', () => {
    const attrs = buildSignedAttributes({
      digestAlgorithm: 'sha384',
      messageDigest: digest('sha384', content),
      signerCertificateDer: pki.leaderP384.certDer,
    });
    expect(attrs.attributes.map((a) => a.type)).toEqual([
      OID.contentType,
      OID.messageDigest,
      OID.signingCertificateV2,
    ]);
    expect(attrs.der[0]).toBe(0x31);
    expect(() =>
      buildSignedAttributes({
        digestAlgorithm: 'sha256',
        messageDigest: digest('sha256', content),
        signerCertificateDer: pki.leaderRsa.certDer,
        additionalAttributes: [{ type: OID.signingTime, values: [utf8String('x')] }],
      }),
    ).toThrowError(CmsError);
    expect(() =>
      buildSignedAttributes({
        digestAlgorithm: 'sha1' as never,
        messageDigest: Buffer.alloc(20),
        signerCertificateDer: pki.leaderRsa.certDer,
      }),
    ).toThrowError(/not allowed/);
  });
});
