import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SoftwareSigner, signPdf } from '@kyso/signing';
import { testPki } from '@kyso/test-pki';
import { TrustStore, validatePdf } from '@kyso/validation';
import { makePdf } from '../../../../test/support/pdf-fixtures';
import { type CliIo, runCli } from '../program';
import { registrars } from '.';
import { testSigningServices } from '../../../../test/support/signing-services';

describe('kyso verify --batch', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kyso-batch-'));
  beforeAll(async () => {
    const pki = testPki();
    const services = testSigningServices();
    const rsa = await SoftwareSigner.fromPkcs12(pki.leaderRsa.p12Path, pki.p12Password);
    const ec = await SoftwareSigner.fromPkcs12(pki.leaderEc.p12Path, pki.p12Password);
    for (let i = 0; i < 12; i++) {
      const level = i % 3 === 0 ? 'B-LT' : 'B-T';
      const out = await signPdf(await makePdf({ title: `Van ban ${i}` }), i % 2 ? ec : rsa, services, {
        level,
      });
      writeFileSync(join(dir, `doc-${String(i).padStart(2, '0')}.pdf`), await out.toBuffer());
    }
    const tampered = readFileSync(join(dir, 'doc-03.pdf'));
    tampered[tampered.indexOf('\n%') + 2] ^= 1;
    writeFileSync(join(dir, 'doc-03.pdf'), tampered);
    writeFileSync(join(dir, 'unsigned.pdf'), await makePdf());
  });

  it('gives every file the same verdict as single-file validation, writes JSON Lines and a summary, exits 1 on a failure', async () => {
    const out: string[] = [];
    const io: CliIo = { stdout: (s) => out.push(s), stderr: () => undefined, env: {} };
    const lines = join(dir, 'results.jsonl');
    const code = await runCli(
      ['verify', '--batch', dir, '--jobs', '6', '--json-lines', lines, '--trust', testPki().root.certPath],
      registrars,
      io,
    );
    expect(code).toBe(1);
    const results = readFileSync(lines, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { file: string; verdict: string });
    expect(results).toHaveLength(13);
    const trustAnchors = await TrustStore.load([testPki().root.certPath]);
    for (const r of results) {
      const single = await validatePdf(r.file, { trustAnchors });
      expect(r.verdict, r.file).toBe(single.verdict);
    }
    const byFile = Object.fromEntries(results.map((r) => [r.file.split('/').pop(), r.verdict]));
    expect(byFile['doc-03.pdf']).toBe('TOTAL_FAILED');
    expect(byFile['unsigned.pdf']).toBe('NO_SIGNATURE');
    expect(byFile['doc-00.pdf']).toBe('TOTAL_PASSED');
    expect(out.join('')).toMatch(/TOTAL_PASSED\s+11/);
    expect(out.join('')).toContain('doc-03.pdf');
  });

  it('refuses a path that is not a directory with exit 3', async () => {
    const err: string[] = [];
    const code = await runCli(['verify', '--batch', join(dir, 'doc-00.pdf')], registrars, {
      stdout: () => undefined,
      stderr: (s) => err.push(s),
      env: {},
    });
    expect(code).toBe(3);
    expect(err.join('')).toContain('needs a directory');
  });
});
