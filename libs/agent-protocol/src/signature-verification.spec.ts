import { constants, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { selfSignedCertificate } from '../../../test/support/self-signed';
import { checkAgentSignature } from './signature-verification';

const rsa = selfSignedCertificate({ keyType: 'rsa' });
const ec = selfSignedCertificate({ keyType: 'ec' });
const tbs = Buffer.from([0x31, 0x03, 0x02, 0x01, 0x07]);

describe('checkAgentSignature', () => {
  it('accepts RSA PKCS#1 v1.5, RSA-PSS and DER ECDSA signatures over the signed attributes', () => {
    const pkcs1 = sign('sha256', tbs, rsa.privateKey);
    expect(
      checkAgentSignature({
        toBeSigned: tbs,
        signature: pkcs1,
        signatureAlgorithm: 'rsa-pkcs1',
        digestAlgorithm: 'sha256',
        certificateDer: rsa.certificateDer,
      }),
    ).toEqual({ valid: true, keyType: 'rsa' });
    const pss = sign('sha384', tbs, {
      key: rsa.privateKey,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: 48,
    });
    expect(
      checkAgentSignature({
        toBeSigned: tbs,
        signature: pss,
        signatureAlgorithm: 'rsa-pss',
        digestAlgorithm: 'sha384',
        certificateDer: rsa.certificateDer,
      }).valid,
    ).toBe(true);
    const ecdsa = sign('sha256', tbs, ec.privateKey);
    expect(
      checkAgentSignature({
        toBeSigned: tbs,
        signature: ecdsa,
        signatureAlgorithm: 'ecdsa',
        digestAlgorithm: 'sha256',
        certificateDer: ec.certificateDer,
      }),
    ).toEqual({ valid: true, keyType: 'ec' });
  });

  it('rejects another content, another digest, a mismatched algorithm and garbage', () => {
    const sig = sign('sha256', tbs, rsa.privateKey);
    const base = {
      toBeSigned: tbs,
      signature: sig,
      signatureAlgorithm: 'rsa-pkcs1' as const,
      digestAlgorithm: 'sha256' as const,
      certificateDer: rsa.certificateDer,
    };
    expect(checkAgentSignature({ ...base, toBeSigned: Buffer.from([0x31, 0x00]) })).toMatchObject({
      valid: false,
      reason: 'SIGNATURE_INVALID',
    });
    expect(checkAgentSignature({ ...base, digestAlgorithm: 'sha512' }).valid).toBe(false);
    expect(checkAgentSignature({ ...base, signatureAlgorithm: 'ecdsa' })).toMatchObject({
      reason: 'ALGORITHM_MISMATCH',
    });
    expect(checkAgentSignature({ ...base, certificateDer: ec.certificateDer })).toMatchObject({
      reason: 'ALGORITHM_MISMATCH',
    });
    expect(
      checkAgentSignature({
        ...base,
        signatureAlgorithm: 'ecdsa',
        certificateDer: ec.certificateDer,
        signature: Buffer.alloc(64, 1),
      }),
    ).toMatchObject({ valid: false, reason: 'SIGNATURE_INVALID' });
    expect(checkAgentSignature({ ...base, certificateDer: Buffer.from('nope') })).toMatchObject({
      reason: 'CERTIFICATE_UNREADABLE',
    });
  });
});
