import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testPki } from '@kyso/test-pki';
import { requireTool } from './verifiers';

let db: string | undefined;

/** Signs with poppler's `pdfsig -add-signature` (adbe.pkcs7.detached): a PDF signed by someone else. */
export function signWithPdfsig(input: string, output: string): void {
  requireTool('pdfsig', 'poppler-utils');
  requireTool('pk12util', 'libnss3-tools');
  const pki = testPki();
  if (!db) {
    db = mkdtempSync(join(tmpdir(), 'kyso-nss-signer-'));
    execFileSync('certutil', ['-N', '-d', `sql:${db}`, '--empty-password']);
    execFileSync('pk12util', ['-i', pki.sealA.p12Path, '-d', `sql:${db}`, '-W', pki.p12Password, '-K', '']);
    execFileSync('certutil', [
      '-A',
      '-d',
      `sql:${db}`,
      '-n',
      'kyso-test-root',
      '-t',
      'CT,C,C',
      '-i',
      pki.root.certPath,
    ]);
  }
  // The certificate that has its private key in the db is the one listed with trust "u,u,u".
  const nick = execFileSync('certutil', ['-L', '-d', `sql:${db}`], { encoding: 'utf8' })
    .split('\n')
    .find((l) => /\su,u,u\s*$/.test(l))
    ?.replace(/\s+u,u,u\s*$/, '')
    .trim();
  if (!nick) throw new Error('pk12util did not import the test key');
  execFileSync('pdfsig', [
    '-add-signature',
    '-nssdir',
    `sql:${db}`,
    '-nick',
    nick,
    '-digest',
    'SHA256',
    '-reason',
    'Văn thư',
    input,
    output,
  ]);
}
