import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SoftwareSigner } from '@kyso/signing';
import { testPki } from '@kyso/test-pki';
import { TrustStore } from '../trust/trust-store';
import { kysoSign } from '../../../../test/support/kyso-signing';
import { plainPdf, tamperSignedByte } from '../../testing/signed-fixtures';
import { validatePdf } from '../validate-pdf';
import type { BatchFile } from './batch-file';
import { validateBatch } from './validate-batch';

const REPO = resolve(__dirname, '../../../..');
const DIST_INDEX = join(REPO, 'dist/libs/validation/src/index.js');

describe('validateBatch', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kyso-validate-batch-'));
  const files: BatchFile[] = [];
  let trust: TrustStore;

  beforeAll(async () => {
    const pki = testPki();
    trust = TrustStore.fromCertificates([pki.root.certDer]);
    const signer = await SoftwareSigner.fromPkcs12(pki.leaderRsa.p12Path, pki.p12Password);
    const add = (name: string, bytes: Buffer) => {
      writeFileSync(join(dir, name), bytes);
      files.push({ key: name, path: join(dir, name) });
    };
    for (let i = 0; i < 6; i++)
      add(
        `signed-${i}.pdf`,
        await kysoSign(await plainPdf({ text: `Van ban ${i}` }), signer, i % 2 ? 'B-LT' : 'B-T'),
      );
    add('tampered.pdf', tamperSignedByte(await kysoSign(await plainPdf(), signer, 'B-T')));
    add('unsigned.pdf', await plainPdf());
    add('not-a-pdf.pdf', Buffer.from('hello'));
    files.push({ key: 'missing.pdf', path: join(dir, 'missing.pdf') });
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives every file the verdict single-file validation gives, and an ERROR for a missing file', async () => {
    const seen = new Map<string, string>();
    const summary = await validateBatch(files, { trustAnchors: trust, jobs: 4, threads: 0 }, (f, r) => {
      seen.set(f.key, r.verdict);
    });
    expect(summary.files).toBe(files.length);
    expect(summary.threads).toBe(0);
    for (const f of files.filter((x) => x.key !== 'missing.pdf'))
      expect(seen.get(f.key), f.key).toBe((await validatePdf(f.path, { trustAnchors: trust })).verdict);
    expect(seen.get('tampered.pdf')).toBe('TOTAL_FAILED');
    expect(seen.get('missing.pdf')).toBe('ERROR');
    expect(summary.verdicts).toEqual({
      TOTAL_PASSED: 6,
      TOTAL_FAILED: 1,
      INDETERMINATE: 0,
      NO_SIGNATURE: 1,
      ERROR: 2,
    });
  });

  it('reports a missing file as FILE_UNREADABLE with Vietnamese and English messages', async () => {
    const results: Array<{ code?: string; vi?: string }> = [];
    await validateBatch(
      [files[files.length - 1]],
      { threads: 0 },
      (_, r) => void results.push({ code: r.error?.code, vi: r.error?.messageVi }),
    );
    expect(results).toEqual([
      { code: 'FILE_UNREADABLE', vi: expect.stringContaining('Không đọc được tệp missing.pdf') },
    ]);
  });

  it('hands results to the sink one at a time, waiting for it', async () => {
    let inSink = 0;
    let overlapped = false;
    await validateBatch(files, { trustAnchors: trust, jobs: 8, threads: 0 }, async () => {
      inSink++;
      if (inSink > 1) overlapped = true;
      await new Promise((r) => setTimeout(r, 2));
      inSink--;
    });
    expect(overlapped).toBe(false);
  });

  it('stops handing out files once aborted', async () => {
    const controller = new AbortController();
    const summary = await validateBatch(
      files,
      { trustAnchors: trust, jobs: 1, threads: 0, signal: controller.signal },
      () => controller.abort(),
    );
    expect(summary.aborted).toBe(true);
    expect(summary.files).toBe(1);
  });

  it('gives the same results on worker threads (compiled build)', () => {
    expect(existsSync(DIST_INDEX), `run \`npm run build\` first: ${DIST_INDEX} is missing`).toBe(true);
    // Worker threads need the compiled JavaScript, so this runs the build in a child process.
    const script = `
      const v = require(${JSON.stringify(DIST_INDEX)});
      const files = JSON.parse(process.argv[1]);
      const trust = v.TrustStore.fromCertificates([require('fs').readFileSync(process.argv[2])]);
      const out = {};
      v.validateBatch(files, { trustAnchors: trust, jobs: 4, threads: 2 }, (f, r) => { out[f.key] = r.verdict; })
        .then((s) => { console.log(JSON.stringify({ threads: s.threads, out })); process.exit(0); });`;
    const stdout = execFileSync(
      process.execPath,
      ['-e', script, JSON.stringify(files), testPki().root.certPath],
      {
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    const threaded = JSON.parse(stdout) as { threads: number; out: Record<string, string> };
    expect(threaded.threads).toBe(2);
    expect(Object.keys(threaded.out).sort()).toEqual(files.map((f) => f.key).sort());
    expect(threaded.out['tampered.pdf']).toBe('TOTAL_FAILED');
    expect(threaded.out['missing.pdf']).toBe('ERROR');
    expect(Object.values(threaded.out).filter((v) => v === 'TOTAL_PASSED')).toHaveLength(6);
  }, 60_000);
});
