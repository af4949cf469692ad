import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { testPki } from '@kyso/test-pki';
import {
  appendDssWith,
  plainPdf,
  signWithPdfsig,
  tamperSignedByte,
} from '../../../../libs/validation/testing/signed-fixtures';
import { EXIT } from '../cli-error';
import { type CliIo, runCli } from '../program';
import { exitCodeOf, registerVerify } from './verify.command';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), env: {} };
  return { value, out: () => out.join(''), err: () => err.join('') };
}

describe('kyso verify', () => {
  let dir: string;
  let good: string;
  let tampered: string;
  let unsigned: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kyso-verify-cli-'));
    const pki = testPki();
    const signed = await signWithPdfsig(await plainPdf(), pki.leaderRsa);
    // Offline validation needs revocation data inside the file: the CAs' CRLs in a DSS.
    const withCrls = await appendDssWith(signed, [], [pki.crls.intermediate.der, pki.crls.root.der]);
    good = join(dir, 'Quyết định 15.pdf');
    tampered = join(dir, 'tampered.pdf');
    unsigned = join(dir, 'unsigned.pdf');
    await writeFile(good, withCrls);
    await writeFile(tampered, tamperSignedByte(signed));
    await writeFile(unsigned, await plainPdf());
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const root = () => testPki().root.certPath;
  // The committed CRLs are from 2025-06-01: as of 2025-05-01 they are current evidence.
  const asOf = ['--offline', '--at', '2025-05-01T00:00:00Z'];

  it('exits 0 and prints a Vietnamese report when every signature passes', async () => {
    const t = io();
    const code = await runCli(['verify', good, '--trust', root(), ...asOf], [registerVerify], t.value);
    expect(code).toBe(EXIT.OK);
    expect(t.out()).toContain('Kết luận: HỢP LỆ');
    expect(t.out()).toContain('Nguyễn Văn An');
  });

  it('exits 1 when a signature failed, in English on request', async () => {
    const t = io();
    const code = await runCli(
      ['verify', good, tampered, '--trust', root(), '--lang', 'en', ...asOf],
      [registerVerify],
      t.value,
    );
    expect(code).toBe(EXIT.FAILED);
    expect(t.out()).toContain('Verdict: INVALID');
    expect(t.out()).toContain('HASH_FAILURE');
  });

  it('exits 2 for untrusted chains and for files without signatures, reported as such', async () => {
    const t = io();
    expect(await runCli(['verify', good, '--offline'], [registerVerify], t.value)).toBe(EXIT.INDETERMINATE);
    expect(t.out()).toContain('NO_CERTIFICATE_CHAIN_FOUND');
    const u = io();
    expect(await runCli(['verify', unsigned, '--offline'], [registerVerify], u.value)).toBe(
      EXIT.INDETERMINATE,
    );
    expect(u.out()).toContain('KHÔNG CÓ CHỮ KÝ');
    expect(u.err()).toBe('');
  });

  it('prints one JSON document with an array of file results', async () => {
    const t = io();
    const code = await runCli(
      ['verify', good, tampered, unsigned, '--json', '--trust', root(), ...asOf],
      [registerVerify],
      t.value,
    );
    expect(code).toBe(EXIT.FAILED);
    const doc = JSON.parse(t.out());
    expect(doc.files.map((f: { file: string; verdict: string }) => [f.file, f.verdict])).toEqual([
      [good, 'TOTAL_PASSED'],
      [tampered, 'TOTAL_FAILED'],
      [unsigned, 'NO_SIGNATURE'],
    ]);
    const sig = doc.files[0].signatures[0];
    expect(Object.keys(sig)).toEqual(
      expect.arrayContaining([
        'indication',
        'subIndication',
        'level',
        'signer',
        'signingTime',
        'coversWholeDocument',
        'modifications',
      ]),
    );
    expect(sig.coversWholeDocument).toBe(false); // the DSS was appended after signing
    expect(sig.modifications.verdict).toBe('allowed');
    expect(doc.files[1].signatures[0].findings[0].message).toMatch(/nội dung đã bị thay đổi/);
  });

  it('writes a PDF report with one page per file', async () => {
    const out = join(dir, 'report.pdf');
    const t = io();
    await runCli(
      ['verify', good, tampered, '--report-pdf', out, '--trust', root(), ...asOf],
      [registerVerify],
      t.value,
    );
    const report = await PDFDocument.load(await readFile(out));
    expect(report.getPageCount()).toBe(2);
  });

  it('exits 3 on usage and I/O errors', async () => {
    const missing = io();
    expect(
      await runCli(['verify', join(dir, 'nope.pdf'), '--offline'], [registerVerify], missing.value),
    ).toBe(EXIT.USAGE);
    expect(missing.err()).toMatch(/nope\.pdf/);
    const lang = io();
    expect(await runCli(['verify', good, '--lang', 'fr'], [registerVerify], lang.value)).toBe(EXIT.USAGE);
    const at = io();
    expect(await runCli(['verify', good, '--at', 'yesterday'], [registerVerify], at.value)).toBe(EXIT.USAGE);
    const trust = io();
    expect(
      await runCli(['verify', good, '--trust', join(dir, 'no-such-dir')], [registerVerify], trust.value),
    ).toBe(EXIT.USAGE);
  });

  it('maps verdicts to exit codes: failed beats indeterminate', () => {
    expect(exitCodeOf(['TOTAL_PASSED', 'TOTAL_PASSED'])).toBe(0);
    expect(exitCodeOf(['INDETERMINATE', 'TOTAL_FAILED'])).toBe(1);
    expect(exitCodeOf(['TOTAL_PASSED', 'NO_SIGNATURE'])).toBe(2);
    expect(exitCodeOf(['ERROR'])).toBe(2);
  });
});
