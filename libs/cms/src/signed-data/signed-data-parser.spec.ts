import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CmsError, CmsErrorCode } from '../cms-error';
import { OID } from '../asn1/oids';
import { digest } from '../algorithms/digest-algorithm';
import { openssl, tempFiles } from '../../testing/openssl';
import { signData } from '../../testing/test-certificates';
import { unitTestPki } from '../../testing/unit-test-pki';
import { assembleSignedData } from './signed-data-assembler';
import { buildSignedAttributes } from './signed-attributes';
import { parseSignedData } from './signed-data-parser';
import { verifyCmsSignature } from './signer-info-verifier';

const pki = unitTestPki();
const content = Buffer.from('Quyết định số 15/QĐ-UBND về việc ...', 'utf8');

function kysoCms(): Buffer {
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
    certificatesDer: [pki.intermediate.certDer],
  });
}

/** A CMS written by OpenSSL: BER with indefinite lengths (-stream), signingTime, no ESS v2. */
async function opensslCms(extra: string[] = []): Promise<Buffer> {
  const files = await tempFiles({
    'data.bin': content,
    'cert.pem': pki.leaderEc.certPem,
    'key.pem': pki.leaderEc.key.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  });
  try {
    const r = await openssl(
      [
        'cms',
        '-sign',
        '-binary',
        '-in',
        'data.bin',
        '-signer',
        'cert.pem',
        '-inkey',
        'key.pem',
        '-outform',
        'DER',
        '-out',
        'out.der',
        ...extra,
      ],
      { cwd: files.dir },
    );
    expect(r.code, r.stderr).toBe(0);
    return await readFile(files.path('out.der'));
  } finally {
    await files.dispose();
  }
}

describe('parseSignedData', () => {
  it('reads every field of a kyso CMS and tolerates PDF zero padding', () => {
    const cms = kysoCms();
    const padded = Buffer.concat([cms, Buffer.alloc(8192)]);
    const parsed = parseSignedData(padded);
    expect(parsed.der).toEqual(cms);
    expect(parsed).toMatchObject({ trailingBytes: 8192, trailingNonZeroBytes: 0 });
    expect(parsed.signers[0].signedAttributesInDerOrder).toBe(true);
    const s = parsed.signers[0];
    expect(s.digestAlgorithm).toEqual({ oid: OID.sha256, name: 'sha256' });
    expect(s.signatureAlgorithm).toMatchObject({ oid: OID.rsaEncryption, scheme: 'rsa-pkcs1' });
    expect(s.contentType).toBe(OID.data);
    expect(s.signingCertificateV2?.certs[0].certHash).toEqual(digest('sha256', pki.leaderRsa.certDer));
    expect(s.signingCertificateV2?.certs[0].issuerSerial?.serialHex).toBe(pki.leaderRsa.info.serialHex);
    expect(s.sid.type === 'issuerAndSerialNumber' && s.sid.issuer).toBe(
      'CN=Kyso Unit Test CA,O=Ban Cơ yếu Chính phủ (thử nghiệm),C=VN',
    );
    expect(s.problems).toEqual([]);
    expect(verifyCmsSignature({ cms: padded, content }).valid).toBe(true);
  });

  it('parses a detached OpenSSL CMS with signingTime and no ESS attribute, and verifies it', async () => {
    const cms = await opensslCms();
    const parsed = parseSignedData(cms);
    expect(parsed.isDetached).toBe(true);
    const s = parsed.signers[0];
    expect(s.signingTime).toBeInstanceOf(Date);
    expect(Math.abs(s.signingTime!.getTime() - Date.now())).toBeLessThan(120_000);
    expect(s.signatureAlgorithm.scheme).toBe('ecdsa');
    expect(parsed.certificates).toHaveLength(1);
    const result = verifyCmsSignature({ cms, content });
    expect(result.problems).toEqual([]);
    expect(result.valid).toBe(true);
    expect(verifyCmsSignature({ cms, content: Buffer.from('other') })).toMatchObject({
      valid: false,
      messageDigestMatches: false,
    });
  });

  it('parses BER with indefinite lengths and chunked encapsulated content (openssl -stream)', async () => {
    const cms = await opensslCms(['-stream']);
    expect(cms[1]).toBe(0x80); // really indefinite length
    const parsed = parseSignedData(cms);
    expect(parsed.isDetached).toBe(false);
    expect(parsed.encapContentInfo.eContent).toEqual(content);
    expect(verifyCmsSignature({ cms: parsed }).valid).toBe(true);
  });

  it('checks an enveloping CMS against its own content and the content the caller means', async () => {
    const cms = await opensslCms(['-nodetach']);
    const parsed = parseSignedData(cms);
    expect(parsed.isDetached).toBe(false);
    expect(parsed.encapContentInfo.eContent).toEqual(content);
    expect(verifyCmsSignature({ cms: parsed }).valid).toBe(true);
    expect(verifyCmsSignature({ cms: parsed, content }).valid).toBe(true);
    // An enveloping CMS whose content is not the one the caller means (DSS "empty bytes" attack).
    expect(verifyCmsSignature({ cms: parsed, content: Buffer.from('other') }).problems).toContain(
      'the encapsulated content differs from the given content',
    );
  });

  it('reads a certs-only SignedData (.p7c) without signers', async () => {
    const files = await tempFiles({ 'a.pem': pki.leaderRsa.certPem + pki.intermediate.certPem });
    try {
      const r = await openssl(
        ['crl2pkcs7', '-nocrl', '-certfile', 'a.pem', '-outform', 'DER', '-out', 'p7c.der'],
        {
          cwd: files.dir,
        },
      );
      expect(r.code, r.stderr).toBe(0);
      const parsed = parseSignedData(await readFile(files.path('p7c.der')));
      expect(parsed.signers).toHaveLength(0);
      expect(parsed.certificates).toHaveLength(2);
    } finally {
      await files.dispose();
    }
  });

  it('rejects garbage with typed errors only, quickly', () => {
    const cms = kysoCms();
    const start = Date.now();
    const seen = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      const input = i % 3 === 0 ? randomBytes(1 + (i % 700)) : mutate(cms, i);
      try {
        parseSignedData(input);
      } catch (err) {
        expect(err).toBeInstanceOf(CmsError);
        seen.add((err as CmsError).code);
      }
    }
    expect(Date.now() - start).toBeLessThan(10_000);
    expect(seen.has(CmsErrorCode.Malformed)).toBe(true);
  });

  it('counts bytes after the CMS (some signers leave garbage in /Contents) and rejects non-CMS input', () => {
    const cms = kysoCms();
    const trailing = parseSignedData(Buffer.concat([cms, Buffer.from([0, 1, 2, 0])]));
    expect(trailing).toMatchObject({ trailingBytes: 4, trailingNonZeroBytes: 2 });
    expect(verifyCmsSignature({ cms: trailing, content }).warnings).toEqual([
      '2 non-zero bytes after the CMS',
    ]);
    expect(() => parseSignedData(Buffer.alloc(0))).toThrowError(/empty/);
    expect(() => parseSignedData(pki.root.certDer)).toThrowError(CmsError);
  });

  it('enforces the input size and certificate count limits', () => {
    const cms = kysoCms();
    const tooBig = captureCode(() => parseSignedData(cms, { maxInputBytes: 100 }));
    expect(tooBig).toBe(CmsErrorCode.LimitExceeded);
    expect(captureCode(() => parseSignedData(cms, { maxCertificates: 1 }))).toBe(CmsErrorCode.LimitExceeded);
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    const depth = 100_000;
    const nested = Buffer.alloc(depth * 2);
    for (let i = 0; i < depth; i++) nested.set([0x30, 0x80], i * 2);
    expect(captureCode(() => parseSignedData(nested))).toBe(CmsErrorCode.LimitExceeded);
  });
});

function mutate(source: Buffer, seed: number): Buffer {
  const out = Buffer.from(source);
  const flips = 1 + (seed % 4);
  for (let k = 0; k < flips; k++) {
    const pos = (seed * 7919 + k * 104729) % out.length;
    out[pos] = (out[pos] + 1 + ((seed >> 3) % 255)) & 0xff;
  }
  return seed % 5 === 0 ? out.subarray(0, (seed * 31) % out.length) : out;
}

function captureCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof CmsError ? err.code : `not a CmsError: ${String(err)}`;
  }
  return undefined;
}
