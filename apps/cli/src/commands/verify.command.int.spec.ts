import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SoftwareSigner } from '@kyso/signing';
import { testPki } from '@kyso/test-pki';
import { kysoSign } from '../../../../test/support/kyso-signing';
import {
  appendOverlayAnnotation,
  appendPageContentChange,
  plainPdf,
} from '../../../../libs/validation/testing/signed-fixtures';
import { EXIT } from '../cli-error';
import { type CliIo, runCli } from '../program';
import { registerVerify } from './verify.command';

function io(): { value: CliIo; out: () => string } {
  const out: string[] = [];
  return {
    value: { stdout: (s) => out.push(s), stderr: (s) => out.push(s), env: {} },
    out: () => out.join(''),
  };
}

/** `kyso verify` against the test OCSP/TSA services: kyso-signed documents, and the same documents attacked. */
describe('kyso verify, online', () => {
  let dir: string;
  const files: Record<string, string> = {};

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kyso-verify-int-'));
    const pki = testPki();
    const signer = await SoftwareSigner.fromPkcs12(pki.leaderRsa.p12Path, pki.p12Password);
    const lt = await kysoSign(await plainPdf(), signer, 'B-LT');
    const docs = {
      lt,
      content: await appendPageContentChange(lt),
      overlay: await appendOverlayAnnotation(lt),
    };
    for (const [name, bytes] of Object.entries(docs)) {
      files[name] = join(dir, `${name}.pdf`);
      await writeFile(files[name], bytes);
    }
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('exits 0 for a kyso B-LT signature chained to the trusted root', async () => {
    const t = io();
    expect(
      await runCli(['verify', files.lt, '--trust', testPki().root.certPath], [registerVerify], t.value),
    ).toBe(EXIT.OK);
    expect(t.out()).toContain('B-LT');
  });

  it('never exits 0 for a page-content change or an overlay annotation appended after signing', async () => {
    for (const name of ['content', 'overlay']) {
      const t = io();
      const code = await runCli(
        ['verify', files[name], '--trust', testPki().root.certPath, '--json'],
        [registerVerify],
        t.value,
      );
      expect(code, name).toBe(EXIT.FAILED);
      const report = JSON.parse(t.out());
      expect(report.files[0].signatures[0].modifications.verdict).toBe('disallowed');
    }
  });
});
