import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { assembleSignedData, buildSignedAttributes, readCertificate } from '@kyso/cms';
import { embedContents, prepareSignature } from '@kyso/pdf';
import { testPki } from '@kyso/test-pki';
import { appendDssWith, plainPdf, signWithPdfsig } from '../testing/signed-fixtures';
import { type PdfValidationResult, TrustStore, validatePdf } from './index';

const run = promisify(execFile);

/** A minimal PDF from object bodies, with a correct cross-reference table. */
function buildPdf(objects: string[]): Buffer {
  let out = '%PDF-1.7\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

function expectCleanResult(r: PdfValidationResult): void {
  expect(['TOTAL_PASSED', 'TOTAL_FAILED', 'INDETERMINATE', 'NO_SIGNATURE', 'ERROR']).toContain(r.verdict);
  expect(r.verdict).not.toBe('TOTAL_PASSED');
  if (r.verdict === 'ERROR') expect(r.error?.messageVi).toBeTruthy();
}

describe('validatePdf on hostile input: a result or a clean error, never a crash or a hang', () => {
  let signed: Buffer;

  beforeAll(async () => {
    signed = await signWithPdfsig(await plainPdf(), testPki().leaderRsa);
  });

  it('handles empty, tiny and random input', async () => {
    for (const bytes of [
      Buffer.alloc(0),
      Buffer.from('%PDF-'),
      Buffer.from('%PDF-1.7\n%%EOF\n'),
      Buffer.alloc(4096, 0xff),
    ]) {
      expectCleanResult(await validatePdf(bytes, { offline: true }));
    }
  });

  it('handles truncated signed files', async () => {
    for (const cut of [0.1, 0.5, 0.9, 0.999]) {
      const r = await validatePdf(signed.subarray(0, Math.floor(signed.length * cut)), { offline: true });
      expectCleanResult(r);
    }
  });

  it('validates a signed PDF that is encrypted (empty user password), with a warning', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kyso-enc-'));
    try {
      await writeFile(join(dir, 'in.pdf'), await plainPdf());
      await run('qpdf', ['--encrypt', '', '', '256', '--', join(dir, 'in.pdf'), join(dir, 'enc.pdf')]).catch(
        (err) => {
          throw new Error(`qpdf failed (apt-get install qpdf): ${(err as Error).message}`);
        },
      );
      const encryptedSigned = await signWithPdfsig(await readFile(join(dir, 'enc.pdf')), testPki().leaderRsa);
      const r = await validatePdf(encryptedSigned, { offline: true });
      expect(r.findings.map((f) => f.code)).toContain('PDF_ENCRYPTED');
      expect(r.signatures[0].checks.messageDigest.status).toBe('passed');
      expect(r.signatures[0].checks.signatureValue.status).toBe('passed');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('stops at the nesting limit of deeply nested objects', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const pdf = buildPdf([
      `<< /Type /Catalog /Pages 2 0 R /Deep ${deep} >>`,
      '<< /Type /Pages /Kids [] /Count 0 >>',
    ]);
    const r = await validatePdf(pdf, { offline: true });
    expectCleanResult(r);
    expect(r.verdict).toBe('ERROR');
  });

  it('reports bad hex in /Contents as an error result', async () => {
    const bad = Buffer.from(signed);
    const at = bad.indexOf('/Contents <') + '/Contents <'.length;
    bad.write('GZ', at + 10, 'latin1');
    expectCleanResult(await validatePdf(bad, { offline: true }));
  });

  it('fails a /ByteRange pointing outside the file', async () => {
    const bad = Buffer.from(signed);
    const m = /\/ByteRange\s*\[\s*0\s+\d+\s+\d+\s+(\d+)/.exec(bad.toString('latin1'))!;
    const digit = m.index + m[0].length - m[1].length;
    expect(m[1][0]).not.toBe('9');
    bad[digit] = '9'.charCodeAt(0); // same width, an order of magnitude more than the file holds
    const r = await validatePdf(bad, { offline: true });
    expect(r.signatures[0]).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'FORMAT_FAILURE' });
    expect(r.signatures[0].checks.byteRange.finding?.code).toBe('BYTE_RANGE_OUTSIDE_FILE');
  });

  it('refuses a CMS carrying thousands of certificates without spending unbounded time', async () => {
    const pki = testPki();
    // 3000 distinct certificates (serial numbers patched; signatures are not what is being tested here).
    const base = pki.intermediate.certDer;
    const serialAt =
      base.indexOf(readCertificate(base).serialDer) + readCertificate(base).serialDer.length - 2;
    const certs = Array.from({ length: 3000 }, (_, i) => {
      const der = Buffer.from(base);
      der[serialAt] = i >> 8;
      der[serialAt + 1] = i & 0xff;
      return der;
    });
    const cms = assembleSignedData({
      signedAttributesDer: buildSignedAttributes({
        digestAlgorithm: 'sha256',
        messageDigest: Buffer.alloc(32),
        signerCertificateDer: pki.leaderRsa.certDer,
      }).der,
      signature: Buffer.alloc(256, 1),
      signatureAlgorithm: 'rsa-pkcs1',
      digestAlgorithm: 'sha256',
      signerCertificateDer: pki.leaderRsa.certDer,
      certificatesDer: certs,
      verifySignature: false,
    });
    const prepared = await prepareSignature(await plainPdf(), {
      kind: 'signature',
      contentsSize: cms.length + 1024,
    });
    const pdf = await embedContents(prepared, cms).toBuffer();
    const started = Date.now();
    const r = await validatePdf(pdf, { offline: true });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.signatures[0]).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'FORMAT_FAILURE' });
    expect(r.signatures[0].checks.structure.finding?.code).toBe('CMS_TOO_LARGE');
  });

  it('refuses files over the size limit and stops at the time limit', async () => {
    const big = await validatePdf(signed, { offline: true, limits: { maxFileBytes: 1000 } });
    expect(big.error?.code).toBe('SIZE_LIMIT_EXCEEDED');
    const slow = await validatePdf(signed, {
      offline: false,
      limits: { timeMs: 50 },
      fetchers: {
        ocsp: () => new Promise(() => undefined),
        crl: () => new Promise(() => undefined),
        caIssuers: () => new Promise(() => undefined),
      },
      trustAnchors: TrustStore.fromCertificates([testPki().root.certPem]),
    });
    expect(slow.error?.code).toBe('TIME_LIMIT_EXCEEDED');
    expect(slow.error?.messageVi).toMatch(/thời gian/);
  });

  it('skips DSS streams that decompress beyond the limits instead of exhausting memory', async () => {
    const pki = testPki();
    // 4 MiB of zeros compress to a few KB: with a 1 MiB decoding limit the entry is simply not evidence.
    const bomb = await appendDssWith(signed, [pki.intermediate.certDer], [Buffer.alloc(4 * 1024 * 1024)]);
    expect(bomb.length).toBeLessThan(signed.length + 64 * 1024);
    const r = await validatePdf(bomb, { offline: true, limits: { maxDecodedStreamBytes: 1024 * 1024 } });
    expect(r.verdict).not.toBe('ERROR');
    expect(r.signatures[0].checks.signatureValue.status).toBe('passed');
    const tight = await validatePdf(bomb, { offline: true, limits: { maxValidationDataBytes: 2048 } });
    expect(tight.signatures[0].checks.signatureValue.status).toBe('passed');
  });
});
