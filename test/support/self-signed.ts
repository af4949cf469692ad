import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTool } from '../../libs/pdf/testing/external-tools';

export interface SelfSignedCertificate {
  privateKey: KeyObject;
  /** PKCS#8 PEM of the private key (for softhsm2-util --import). */
  keyPem: string;
  certificateDer: Buffer;
  certificatePem: string;
}

/**
 * A key pair and a self-signed certificate made by openssl (an independent implementation of X.509),
 * for tests that need "a certificate" rather than the test PKI's profile.
 */
export function selfSignedCertificate(
  options: { keyType?: 'rsa' | 'ec'; subject?: string; days?: number } = {},
): SelfSignedCertificate {
  const { privateKey } =
    options.keyType === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const dir = mkdtempSync(join(tmpdir(), 'kyso-cert-'));
  try {
    writeFileSync(join(dir, 'key.pem'), keyPem, { mode: 0o600 });
    execFileSync(
      'openssl',
      [
        'req',
        '-new',
        '-x509',
        '-key',
        join(dir, 'key.pem'),
        '-subj',
        options.subject ?? '/C=VN/O=UBND xa Thu nghiem/CN=Nguyen Van A',
        '-sha256',
        '-days',
        String(options.days ?? 30),
        '-addext',
        'basicConstraints=critical,CA:FALSE',
        '-addext',
        'keyUsage=critical,digitalSignature,nonRepudiation',
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const certificatePem = readFileSync(join(dir, 'cert.pem'), 'utf8');
    const b64 = certificatePem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
    return { privateKey, keyPem, certificateDer: Buffer.from(b64, 'base64'), certificatePem };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A throwaway EC key and self-signed certificate that make a real detached CMS with the openssl CLI, to put into
 * a prepared placeholder so that pdfsig / mutool / openssl can judge the byte range. The CMS itself is libs/cms's
 * job; this only proves the PDF side.
 */
export class SelfSignedSigner {
  private constructor(
    private readonly dir: string,
    readonly cleanup: () => void,
  ) {}

  static create(): SelfSignedSigner {
    const { keyPem, certificatePem } = selfSignedCertificate({ keyType: 'ec', subject: '/CN=kyso pdf test' });
    const dir = mkdtempSync(join(tmpdir(), 'kyso-pdf-'));
    writeFileSync(join(dir, 'key.pem'), keyPem, { mode: 0o600 });
    writeFileSync(join(dir, 'cert.pem'), certificatePem);
    return new SelfSignedSigner(dir, () => rmSync(dir, { recursive: true, force: true }));
  }

  /** A detached CMS SignedData (DER) over `content`. */
  sign(content: Buffer): Buffer {
    const input = join(this.dir, 'content.bin');
    const output = join(this.dir, 'sig.der');
    writeFileSync(input, content);
    const result = runTool('openssl', [
      'cms',
      '-sign',
      '-binary',
      '-md',
      'sha256',
      '-nosmimecap',
      '-in',
      input,
      '-signer',
      join(this.dir, 'cert.pem'),
      '-inkey',
      join(this.dir, 'key.pem'),
      '-outform',
      'DER',
      '-out',
      output,
    ]);
    if (result.status !== 0) throw new Error(`openssl cms -sign failed: ${result.stderr}`);
    return readFileSync(output);
  }

  /** `openssl cms -verify` of a detached signature over `content` (certificate trust not checked). */
  verify(der: Buffer, content: Buffer): boolean {
    const sig = join(this.dir, 'verify.der');
    const data = join(this.dir, 'verify.bin');
    writeFileSync(sig, der);
    writeFileSync(data, content);
    const result = runTool('openssl', [
      'cms',
      '-verify',
      '-binary',
      '-inform',
      'DER',
      '-in',
      sig,
      '-content',
      data,
      '-noverify',
      '-out',
      '/dev/null',
    ]);
    return result.status === 0 && /Verification successful/.test(result.stderr);
  }
}
