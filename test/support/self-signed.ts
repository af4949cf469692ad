import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
