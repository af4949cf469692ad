import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OID, parseSignedData, readCertificate } from '@kyso/cms';
import { testPki } from '@kyso/test-pki';
import { NodeCryptoBackend } from '../crypto/node-crypto-backend';
import { checkCmsIntegrity } from './cms-integrity';

const CONTENT = Buffer.from('signed PDF bytes');

/** A detached CMS over CONTENT made by openssl (an independent signer) with the test leader key. */
function opensslCms(): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'kyso-cms-'));
  try {
    const pki = testPki();
    writeFileSync(join(dir, 'data'), CONTENT);
    execFileSync('openssl', [
      'cms',
      '-sign',
      '-binary',
      '-nosmimecap',
      '-md',
      'sha256',
      '-in',
      join(dir, 'data'),
      '-signer',
      pki.leaderRsa.certPath,
      '-inkey',
      pki.leaderRsa.keyPath,
      '-outform',
      'DER',
      '-out',
      join(dir, 'cms.der'),
    ]);
    return readFileSync(join(dir, 'cms.der'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('checkCmsIntegrity', () => {
  const der = opensslCms();
  const input = (cms: ReturnType<typeof parseSignedData>) => ({
    cms,
    subFilter: 'adbe.pkcs7.detached',
    contentDigest: async () => createHash('sha256').update(CONTENT).digest(),
    readContent: async () => CONTENT,
    candidates: [readCertificate(testPki().leaderRsa.certDer)],
    crypto: new NodeCryptoBackend(),
  });

  it('passes an intact signature without counter-signatures and says nothing about them', async () => {
    const r = await checkCmsIntegrity(input(parseSignedData(der)));
    expect(r.signatureValue.status).toBe('passed');
    expect(r.findings.map((f) => f.code)).not.toContain('COUNTER_SIGNATURE_NOT_VALIDATED');
  });

  it('reports counter-signatures instead of ignoring them, without changing the checks', async () => {
    const parsed = parseSignedData(der);
    const [signer] = parsed.signers;
    const counter = {
      type: OID.counterSignature,
      values: [Buffer.from('3000', 'hex'), Buffer.from('3000', 'hex')],
    };
    const r = await checkCmsIntegrity(
      input({
        ...parsed,
        signers: [{ ...signer, unsignedAttributes: [...signer.unsignedAttributes, counter] }],
      }),
    );
    expect(r.findings).toContainEqual(
      expect.objectContaining({
        code: 'COUNTER_SIGNATURE_NOT_VALIDATED',
        severity: 'warning',
        params: { count: 2 },
      }),
    );
    expect(r.messageDigest.status).toBe('passed');
    expect(r.signatureValue.status).toBe('passed');
  });
});
