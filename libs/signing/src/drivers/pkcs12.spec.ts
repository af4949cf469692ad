import { readFileSync } from 'node:fs';
import { createVerify, X509Certificate } from 'node:crypto';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPkcs12 } from './pkcs12';
import { SoftwareSigner } from './software-signer';
import { SigningErrorCode } from '../signing.error';

const pki = resolve(__dirname, '../../../../certs-test/pki');

describe('PKCS#12 software signer', () => {
  it('reads the key and certificate and orders the chain', async () => {
    const signer = await SoftwareSigner.fromPkcs12(resolve(pki, 'leader-rsa.p12'), 'kyso-test');
    expect(new X509Certificate(signer.certificate).subject).toContain('Nguyễn');
    expect(signer.chain.map((c) => new X509Certificate(c).subject)).toEqual([
      new X509Certificate(readFileSync(resolve(pki, 'intermediate.cert.der'))).subject,
      new X509Certificate(readFileSync(resolve(pki, 'root.cert.der'))).subject,
    ]);
    expect(signer.scheme).toBe('rsa-pkcs1');
    const data = Buffer.from('signed attributes');
    const sig = await signer.sign(data, 'sha256');
    expect(
      createVerify('sha256').update(data).verify(new X509Certificate(signer.certificate).publicKey, sig),
    ).toBe(true);
  });

  it('signs with ECDSA as DER', async () => {
    const signer = await SoftwareSigner.fromPkcs12(resolve(pki, 'leader-ec.p12'), 'kyso-test');
    expect(signer.scheme).toBe('ecdsa');
    const sig = await signer.sign(Buffer.from('x'), 'sha256');
    expect(sig[0]).toBe(0x30);
    expect(
      createVerify('sha256').update('x').verify(new X509Certificate(signer.certificate).publicKey, sig),
    ).toBe(true);
  });

  it('refuses a wrong password and a non-PKCS#12 file with clear codes', async () => {
    const data = readFileSync(resolve(pki, 'leader-rsa.p12'));
    await expect(readPkcs12(data, 'wrong')).rejects.toMatchObject({ code: SigningErrorCode.PKCS12_PASSWORD });
    await expect(readPkcs12(Buffer.from('%PDF-1.7'), 'x')).rejects.toMatchObject({
      code: SigningErrorCode.PKCS12_INVALID,
    });
  });
});
