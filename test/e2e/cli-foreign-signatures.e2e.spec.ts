import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { testPki } from '@kyso/test-pki';
import { plainPdfWithDirectAcroForm } from '../../libs/validation/testing/signed-fixtures';
import { signWithPdfsig } from '../support/pdfsig-signer';
import { kyso } from '../support/run-cli';
import { pdfsig } from '../support/verifiers';

const TRUST = process.env.KYSO_TEST_TRUST_URL ?? 'http://127.0.0.1:39080';
const dir = mkdtempSync(join(tmpdir(), 'kyso-foreign-'));
const at = (name: string) => join(dir, name);

interface VerifiedSignature {
  fieldNames: string[];
  indication: string;
  findings: { code: string }[];
  checks: { certificateChain: { status: string } };
}

function verify(file: string): VerifiedSignature[] {
  const r = kyso(['verify', file, '--trust', testPki().root.certPath, '--json']);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout).files[0].signatures;
}

/**
 * poppler's `pdfsig -add-signature` on a kyso-signed file whose /AcroForm is a direct dictionary (classic xref)
 * adds the new signature field to the page's /Annots only. kyso must find that signature, pass both, and
 * extend the file.
 */
describe('kyso verify and extend on a signature poppler added outside /Fields (the real command)', () => {
  beforeAll(async () => {
    writeFileSync(at('in.pdf'), await plainPdfWithDirectAcroForm());
    const pki = testPki();
    const r = kyso(
      [
        'sign',
        at('in.pdf'),
        '-o',
        at('kyso.pdf'),
        '--level',
        'B-T',
        '--tsa',
        `${TRUST}/tsa`,
        '--p12',
        pki.leaderRsa.p12Path,
        '--p12-pass-env',
        'P12',
      ],
      { P12: pki.p12Password },
    );
    expect(r.code, r.stderr).toBe(0);
    signWithPdfsig(at('kyso.pdf'), at('kyso+poppler.pdf'));
  });

  it('finds both signatures, and both pass (the poppler one with a warning)', () => {
    const popplerView = pdfsig(at('kyso+poppler.pdf'));
    expect(
      popplerView.entries.filter((e) => e.status === 'Signature is Valid.'),
      popplerView.text,
    ).toHaveLength(2);
    const sigs = verify(at('kyso+poppler.pdf'));
    expect(sigs.map((s) => s.indication)).toEqual(['TOTAL_PASSED', 'TOTAL_PASSED']);
    expect(sigs[0].findings.map((f) => f.code)).not.toContain('SIGNATURE_FIELD_NOT_LISTED');
    expect(sigs[1].findings.map((f) => f.code)).toContain('SIGNATURE_FIELD_NOT_LISTED');
  });

  it('extends the file to B-LTA, and both signatures still pass', () => {
    const e = kyso([
      'extend',
      at('kyso+poppler.pdf'),
      '-o',
      at('kyso+poppler-lta.pdf'),
      '--level',
      'B-LTA',
      '--tsa',
      `${TRUST}/tsa`,
    ]);
    expect(e.code, e.stderr).toBe(0);
    const sigs = verify(at('kyso+poppler-lta.pdf'));
    expect(sigs.map((s) => s.indication)).toEqual(['TOTAL_PASSED', 'TOTAL_PASSED', 'TOTAL_PASSED']);
  });
});
