import { describe, expect, it } from 'vitest';
import { openssl } from './run-tool';
import { testPki } from './test-pki';

// Checks what test/global-setup.ts promises every integration test: SoftHSM and the trust services
// on the port written into the certificates, reachable through the certificates' own URLs.
describe('integration global setup', () => {
  const pki = testPki();

  it('exports SOFTHSM2_CONF and KYSO_TEST_TRUST_URL to the workers', async () => {
    expect(process.env.SOFTHSM2_CONF).toMatch(/data\/softhsm\/softhsm2\.conf$/);
    expect(process.env.KYSO_TEST_TRUST_URL).toBe('http://127.0.0.1:39080');
    const res = await fetch(`${process.env.KYSO_TEST_TRUST_URL}/admin/health`);
    expect(res.status).toBe(200);
  });

  it('answers OCSP at the URL in the certificate AIA', async () => {
    const uri = await openssl(['x509', '-in', pki.leaderRsa.certPath, '-noout', '-ocsp_uri']);
    const out = await openssl([
      'ocsp',
      '-issuer',
      pki.intermediate.certPath,
      '-cert',
      pki.leaderRsa.certPath,
      '-url',
      uri.trim(),
      '-CAfile',
      pki.root.certPath,
      '-verify_other',
      pki.intermediate.certPath,
    ]);
    expect(out).toContain('Response verify OK');
    expect(out).toContain('leader-rsa.cert.pem: good');
  });

  it('serves the caIssuers certificate at the URL in the certificate AIA', async () => {
    const res = await fetch('http://127.0.0.1:39080/ca/intermediate.cer');
    expect(Buffer.from(await res.arrayBuffer()).equals(pki.intermediate.certDer)).toBe(true);
  });
});
