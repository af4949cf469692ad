import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testPki } from '@kyso/test-pki';

/** Fails with the install command when an independent verifier is missing. */
export function requireTool(cmd: string, pkg: string): void {
  if (spawnSync('sh', ['-c', `command -v ${cmd}`]).status !== 0) {
    throw new Error(`${cmd} is not installed: apt-get install -y ${pkg}`);
  }
}

let nssDir: string | undefined;

/** An NSS database trusting the test root, for pdfsig (created once per process). */
export function nssDbWithTestRoot(): string {
  if (nssDir && existsSync(nssDir)) return nssDir;
  requireTool('certutil', 'libnss3-tools');
  const dir = mkdtempSync(join(tmpdir(), 'kyso-nss-'));
  execFileSync('certutil', ['-N', '-d', `sql:${dir}`, '--empty-password']);
  execFileSync('certutil', [
    '-A',
    '-d',
    `sql:${dir}`,
    '-n',
    'kyso-test-root',
    '-t',
    'CT,C,C',
    '-i',
    testPki().root.certPath,
  ]);
  nssDir = dir;
  return dir;
}

export interface PdfsigEntry {
  field: string;
  /** False for an empty signature field ("The signature form field is not signed."). */
  signed: boolean;
  subFilter?: string;
  signatureValid: boolean;
  status: string;
  certificate: string;
  coversWholeDocument: boolean;
  signerName?: string;
}

/** Runs pdfsig (which exits 0 even on a broken signature) and parses its text, one entry per signature. */
export function pdfsig(
  file: string,
  options: { trustTestRoot?: boolean } = { trustTestRoot: true },
): { entries: PdfsigEntry[]; text: string } {
  requireTool('pdfsig', 'poppler-utils');
  const args =
    options.trustTestRoot === false ? ['-nocert', file] : ['-nssdir', `sql:${nssDbWithTestRoot()}`, file];
  const r = spawnSync('pdfsig', args, { encoding: 'utf8' });
  return parsePdfsigText(`${r.stdout}${r.stderr}`);
}

/** pdfsig's text, one entry per signature (pdfsig exits 0 whatever it found: the text is the verdict). */
export function parsePdfsigText(text: string): { entries: PdfsigEntry[]; text: string } {
  const entries: PdfsigEntry[] = [];
  for (const block of text.split(/^Signature #\d+:$/m).slice(1)) {
    const get = (label: string) => block.match(new RegExp(`- ${label}: (.*)`))?.[1]?.trim();
    const status = get('Signature Validation') ?? '';
    entries.push({
      field: get('Signature Field Name') ?? '',
      signed: !/The signature form field is not signed/.test(block),
      subFilter: get('Signature Type'),
      signatureValid: status === 'Signature is Valid.',
      status,
      certificate: get('Certificate Validation') ?? '',
      coversWholeDocument: /Total document signed/.test(block),
      signerName: get('Signer Certificate Common Name'),
    });
  }
  return { entries, text };
}

/**
 * mutool's verdict per signature (it exits 0 either way): `valid` when the signature verifies over its byte
 * ranges, `unchanged` when nothing was appended after it.
 */
export function mutoolVerify(file: string): {
  signatures: Array<{ valid: boolean; unchanged: boolean }>;
  text: string;
} {
  requireTool('mutool', 'mupdf-tools');
  const r = spawnSync('mutool', ['sign', '-v', file], { encoding: 'utf8' });
  return parseMutoolText(`${r.stdout}${r.stderr}`);
}

/** `mutool sign -v`'s text, one verdict per signed field (empty fields, "not signed", are left out). */
export function parseMutoolText(text: string): {
  signatures: Array<{ valid: boolean; unchanged: boolean }>;
  text: string;
} {
  const signatures: Array<{ valid: boolean; unchanged: boolean }> = [];
  for (const line of text.split('\n')) {
    if (/The document is unchanged since signing/.test(line))
      signatures.push({ valid: true, unchanged: true });
    else if (/The signature is valid but there have been edits since signing/.test(line))
      signatures.push({ valid: true, unchanged: false });
    else if (/invalidated by change|is not valid|Digest Mismatch|Verification error/i.test(line))
      signatures.push({ valid: false, unchanged: false });
  }
  return { signatures, text };
}

export function qpdfCheck(file: string): { ok: boolean; text: string } {
  requireTool('qpdf', 'qpdf');
  const r = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
  const text = `${r.stdout}${r.stderr}`;
  return { ok: r.status === 0 && /No syntax or stream encoding errors found/.test(text), text };
}

/** `openssl cms -verify` over the extracted byte ranges, against the test root. */
export function opensslCmsVerify(
  cmsDer: Buffer,
  signedContent: Buffer,
  options: { noVerifyChain?: boolean } = {},
): { ok: boolean; text: string } {
  requireTool('openssl', 'openssl');
  const dir = mkdtempSync(join(tmpdir(), 'kyso-cms-'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'sig.der'), cmsDer);
  writeFileSync(join(dir, 'content.bin'), signedContent);
  const args = [
    'cms',
    '-verify',
    '-binary',
    '-inform',
    'DER',
    '-in',
    join(dir, 'sig.der'),
    '-content',
    join(dir, 'content.bin'),
    '-purpose',
    'any',
    '-out',
    '/dev/null',
  ];
  if (options.noVerifyChain) args.push('-noverify');
  else args.push('-CAfile', testPki().root.certPath);
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  const text = `${r.stdout}${r.stderr}`;
  return { ok: r.status === 0 && /Verification successful/.test(text), text };
}
