import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { testPki } from '@kyso/test-pki';
import { makePdf, toXrefStream } from '../support/pdf-fixtures';
import { signWithPdfsig } from '../support/pdfsig-signer';
import { ringPng } from '../support/png';
import { kyso } from '../support/run-cli';
import { mutoolVerify, pdfsig, qpdfCheck } from '../support/verifiers';

const TRUST = process.env.KYSO_TEST_TRUST_URL ?? 'http://127.0.0.1:39080';
const MODULE = '/usr/lib/softhsm/libsofthsm2.so';
const dir = mkdtempSync(join(tmpdir(), 'kyso-cli-'));
const at = (name: string) => join(dir, name);

describe('kyso sign / extend / token (the real command)', () => {
  beforeAll(async () => {
    writeFileSync(at('in.pdf'), await makePdf({ pages: 2 }));
    writeFileSync(at('in-xref-stream.pdf'), toXrefStream(await makePdf()));
    writeFileSync(at('signature.png'), ringPng(120, [0, 51, 204]));
    writeFileSync(at('seal.png'), ringPng(160, [220, 0, 0]));
  });

  it('lists the SoftHSM tokens with their keys and certificates', () => {
    const r = kyso(['token', 'list', '--module', MODULE, '--pin-env', 'PIN', '--json'], { PIN: '1234' });
    expect(r.code, r.stderr).toBe(0);
    const tokens = JSON.parse(r.stdout);
    const leader = tokens.find((t: { label: string }) => t.label === 'leader');
    expect(leader.objects.map((o: { label: string; class: string }) => `${o.class}:${o.label}`)).toEqual(
      expect.arrayContaining(['privateKey:leader-rsa', 'certificate:leader-rsa', 'privateKey:leader-ec']),
    );
    expect(r.stdout).not.toContain('1234');
  });

  it('signs with the leader token as B-LTA with the Decree 30 leader appearance, chain fetched through AIA', () => {
    const r = kyso(
      [
        'sign',
        at('in.pdf'),
        '-o',
        at('leader.pdf'),
        '--level',
        'B-LTA',
        '--module',
        MODULE,
        '--token',
        'leader',
        '--key',
        'leader-rsa',
        '--pin-env',
        'PIN',
        '--tsa',
        `${TRUST}/tsa`,
        '--appearance',
        'leader',
        '--image',
        at('signature.png'),
        '--title',
        'CHỦ TỊCH',
        '--reason',
        'Ký ban hành',
      ],
      { PIN: '1234' },
    );
    expect(r.code, r.stderr).toBe(0);
    const sig = pdfsig(at('leader.pdf'));
    expect(sig.entries[0].status, sig.text).toBe('Signature is Valid.');
    expect(sig.entries[0].certificate, sig.text).toBe('Certificate is Trusted.');
    expect(sig.entries).toHaveLength(2);
    expect(qpdfCheck(at('leader.pdf')).ok).toBe(true);
    // The appearance text is real text with Vietnamese diacritics.
    const text = execFileSync('mutool', ['draw', '-F', 'txt', at('leader.pdf'), '1'], { encoding: 'utf8' });
    expect(text).toContain('CHỦ TỊCH');
    expect(text).toContain('Nguyễn Văn An');
  });

  it('adds the organisation seal over the leader signature and keeps both valid', () => {
    const r = kyso(
      [
        'sign',
        at('leader.pdf'),
        '-o',
        at('sealed.pdf'),
        '--level',
        'B-T',
        '--module',
        MODULE,
        '--token',
        'org-hsm',
        '--key',
        'seal-c',
        '--pin-env',
        'PIN',
        '--tsa',
        `${TRUST}/tsa`,
        '--appearance',
        'seal',
        '--image',
        at('seal.png'),
      ],
      { PIN: '1234' },
    );
    expect(r.code, r.stderr).toBe(0);
    const sig = pdfsig(at('sealed.pdf'));
    const sigs = sig.entries.filter((e) => e.subFilter === 'ETSI.CAdES.detached');
    expect(sigs, sig.text).toHaveLength(2);
    expect(sigs.every((e) => e.status === 'Signature is Valid.')).toBe(true);
    expect(mutoolVerify(at('sealed.pdf')).signatures.every((s) => s.valid)).toBe(true);
  });

  it('stamps an attachment with the number/symbol and time at the top right of page 1', () => {
    const pki = testPki();
    const r = kyso(
      [
        'sign',
        at('in.pdf'),
        '-o',
        at('attachment.pdf'),
        '--p12',
        pki.sealC.p12Path,
        '--p12-pass-env',
        'P12',
        '--appearance',
        'attachment',
        '--doc-number',
        '05/QĐ-UBND',
      ],
      { P12: pki.p12Password },
    );
    expect(r.code, r.stderr).toBe(0);
    const text = execFileSync('mutool', ['draw', '-F', 'txt', at('attachment.pdf'), '1'], {
      encoding: 'utf8',
    });
    expect(text).toContain('05/QĐ-UBND');
    expect(text).toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00/);
  });

  it('adds a kyso signature to a PDF signed by pdfsig and leaves both valid; extends to B-LTA', () => {
    signWithPdfsig(at('in.pdf'), at('poppler.pdf'));
    const pki = testPki();
    const r = kyso(
      [
        'sign',
        at('poppler.pdf'),
        '-o',
        at('poppler+kyso.pdf'),
        '--level',
        'B-T',
        '--tsa',
        `${TRUST}/tsa`,
        '--p12',
        pki.leaderEc.p12Path,
        '--p12-pass-env',
        'P12',
      ],
      {
        P12: pki.p12Password,
      },
    );
    expect(r.code, r.stderr).toBe(0);
    const e = kyso([
      'extend',
      at('poppler+kyso.pdf'),
      '-o',
      at('poppler+kyso-lta.pdf'),
      '--level',
      'B-LTA',
      '--tsa',
      `${TRUST}/tsa`,
    ]);
    expect(e.code, e.stderr).toBe(0);
    const sig = pdfsig(at('poppler+kyso-lta.pdf'));
    const sigs = sig.entries.filter((x) => /pkcs7|CAdES/.test(x.subFilter ?? ''));
    expect(
      sigs.map((x) => x.subFilter),
      sig.text,
    ).toEqual(['adbe.pkcs7.detached', 'ETSI.CAdES.detached']);
    expect(
      sigs.every((x) => x.status === 'Signature is Valid.' && x.certificate === 'Certificate is Trusted.'),
      sig.text,
    ).toBe(true);
  });

  it('signs an xref-stream PDF', () => {
    const pki = testPki();
    const r = kyso(
      [
        'sign',
        at('in-xref-stream.pdf'),
        '-o',
        at('xs.pdf'),
        '--p12',
        pki.leaderRsa.p12Path,
        '--p12-pass-env',
        'P12',
      ],
      { P12: pki.p12Password },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(pdfsig(at('xs.pdf')).entries[0].status).toBe('Signature is Valid.');
  });

  describe('refuses with one readable line and writes no output file', () => {
    const cases: Array<[string, () => string[], Record<string, string>, RegExp]> = [
      [
        'a wrong PIN',
        () => [
          'sign',
          at('in.pdf'),
          '-o',
          at('x1.pdf'),
          '--module',
          MODULE,
          '--token',
          'leader',
          '--key',
          'leader-rsa',
          '--pin-env',
          'PIN',
        ],
        { PIN: '9999' },
        /PIN/,
      ],
      [
        'a missing token',
        () => [
          'sign',
          at('in.pdf'),
          '-o',
          at('x2.pdf'),
          '--module',
          MODULE,
          '--token',
          'nope',
          '--key',
          'k',
          '--pin-env',
          'PIN',
        ],
        { PIN: '1234' },
        /TOKEN_NOT_FOUND/,
      ],
      [
        'a missing key',
        () => [
          'sign',
          at('in.pdf'),
          '-o',
          at('x3.pdf'),
          '--module',
          MODULE,
          '--token',
          'leader',
          '--key',
          'nope',
          '--pin-env',
          'PIN',
        ],
        { PIN: '1234' },
        /KEY_NOT_FOUND/,
      ],
      [
        'a revoked certificate',
        () => [
          'sign',
          at('in.pdf'),
          '-o',
          at('x4.pdf'),
          '--p12',
          testPki().revoked.p12Path,
          '--p12-pass-env',
          'P',
        ],
        { P: 'kyso-test' },
        /CERTIFICATE_REVOKED/,
      ],
      [
        'an expired certificate',
        () => [
          'sign',
          at('in.pdf'),
          '-o',
          at('x5.pdf'),
          '--p12',
          testPki().expired.p12Path,
          '--p12-pass-env',
          'P',
        ],
        { P: 'kyso-test' },
        /CERTIFICATE_EXPIRED/,
      ],
      [
        'a TSA that is down',
        () => [
          'sign',
          at('in.pdf'),
          '-o',
          at('x6.pdf'),
          '--level',
          'B-T',
          '--tsa',
          'http://127.0.0.1:1/tsa',
          '--p12',
          testPki().leaderRsa.p12Path,
          '--p12-pass-env',
          'P',
        ],
        { P: 'kyso-test' },
        /TSA/,
      ],
      [
        'an encrypted PDF',
        () => [
          'sign',
          at('enc.pdf'),
          '-o',
          at('x7.pdf'),
          '--p12',
          testPki().leaderRsa.p12Path,
          '--p12-pass-env',
          'P',
        ],
        { P: 'kyso-test' },
        /ENCRYPTED/,
      ],
      [
        'a malformed PDF',
        () => [
          'sign',
          at('bad.pdf'),
          '-o',
          at('x8.pdf'),
          '--p12',
          testPki().leaderRsa.p12Path,
          '--p12-pass-env',
          'P',
        ],
        { P: 'kyso-test' },
        /PDF/,
      ],
    ];
    beforeAll(() => {
      execFileSync('qpdf', ['--encrypt', 'user', 'owner', '256', '--', at('in.pdf'), at('enc.pdf')]);
      writeFileSync(
        at('bad.pdf'),
        Buffer.concat([readFileSync(at('in.pdf')).subarray(0, 300), Buffer.from('garbage')]),
      );
    });
    it.each(cases)('%s', (_name, args, env, pattern) => {
      const argv = args();
      const r = kyso(argv, env);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(existsSync(argv[argv.indexOf('-o') + 1])).toBe(false);
      expect(r.stderr).not.toContain('9999');
    });
  });
});
