import { sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTrustServices, testPki, type TrustServices } from '@kyso/test-pki';
import { CmsError, CmsErrorCode } from './cms-error';
import { digest } from './algorithms/digest-algorithm';
import { FetchLike } from './net/fetch-like';
import { CrlClient } from './revocation/crl-client';
import { fetchCaIssuers } from './revocation/ca-issuers';
import { OcspClient } from './revocation/ocsp-client';
import { assembleSignedData } from './signed-data/signed-data-assembler';
import { buildSignedAttributes } from './signed-data/signed-attributes';
import { parseSignedData } from './signed-data/signed-data-parser';
import { addSignatureTimestamp } from './signed-data/unsigned-attributes';
import { verifyTimeStampToken } from './timestamp/timestamp-token';
import { TsaClient } from './timestamp/tsa-client';
import { openssl, tempFiles } from '../testing/openssl';

const pki = testPki();
let services: TrustServices;
/** The committed certificates name 127.0.0.1:39080; this server listens on a free port. */
let viaAia: FetchLike;

beforeAll(async () => {
  services = await startTrustServices({ port: 0 });
  viaAia = (url, init) => fetch(url.replace(pki.manifest.trustBaseUrl, services.baseUrl), init);
});

afterAll(async () => {
  await services?.close();
});

describe('RFC 3161 against the test TSA', () => {
  const content = Buffer.from('%PDF-1.7 Quyết định 15/QĐ-UBND byte ranges');

  function signedCms(): Buffer {
    const attrs = buildSignedAttributes({
      digestAlgorithm: 'sha256',
      messageDigest: digest('sha256', content),
      signerCertificateDer: pki.leaderRsa.certDer,
    });
    return assembleSignedData({
      signedAttributesDer: attrs.der,
      signature: sign('sha256', attrs.der, pki.leaderRsa.privateKey()),
      signatureAlgorithm: 'rsa-pkcs1',
      digestAlgorithm: 'sha256',
      signerCertificateDer: pki.leaderRsa.certDer,
      certificatesDer: pki.chainOf('leaderRsa'),
    });
  }

  it('gets, checks and embeds a signature time-stamp; openssl verifies the CMS and the token', async () => {
    const tsa = new TsaClient({ url: services.tsaUrl, timeoutMs: 5000 });
    const stamped = await addSignatureTimestamp(signedCms(), tsa);
    const signer = parseSignedData(stamped).signers[0];
    const [tokenDer] = signer.signatureTimestampTokens;
    const check = verifyTimeStampToken(tokenDer, {
      expectedImprint: { algorithm: 'sha256', digest: digest('sha256', signer.signature) },
    });
    expect(check.problems).toEqual([]);
    expect(check.token.policy).toBe(pki.manifest.policies.timestamping);
    expect(check.tsaCertificate?.der).toEqual(pki.tsa.certDer);

    const files = await tempFiles({
      'sig.der': stamped,
      'data.bin': content,
      'sigvalue.bin': signer.signature,
      'token.der': tokenDer,
      'root.pem': pki.root.certPem,
      'chain.pem': pki.intermediate.certPem,
    });
    try {
      const cms = await openssl(
        [
          'cms',
          '-verify',
          '-binary',
          '-inform',
          'DER',
          '-in',
          'sig.der',
          '-content',
          'data.bin',
          '-CAfile',
          'root.pem',
          '-purpose',
          'any',
          '-out',
          '/dev/null',
        ],
        { cwd: files.dir },
      );
      expect(cms.stderr).toContain('Verification successful');
      // The imprint covers the signature value (CAdES signature-time-stamp), checked by openssl itself.
      const ts = await openssl(
        [
          'ts',
          '-verify',
          '-data',
          'sigvalue.bin',
          '-in',
          'token.der',
          '-token_in',
          '-CAfile',
          'root.pem',
          '-untrusted',
          'chain.pem',
        ],
        { cwd: files.dir },
      );
      expect(ts.stdout + ts.stderr).toContain('Verification: OK');
    } finally {
      await files.dispose();
    }
  });

  it('reports TSA_UNAVAILABLE with the URL after the server is gone', async () => {
    const other = await startTrustServices({ port: 0 });
    const url = other.tsaUrl;
    await other.close();
    const start = Date.now();
    const err = await new TsaClient({ url, timeoutMs: 5000 }).timestamp(content).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CmsError);
    expect((err as CmsError).code).toBe(CmsErrorCode.TsaUnavailable);
    expect((err as CmsError).message).toContain(url);
    expect(Date.now() - start).toBeLessThan(2000);
  });
});

describe('OCSP, CRL and caIssuers against the test services, through the certificates URLs', () => {
  const issuerDer = () => pki.intermediate.certDer;

  it('OCSP: good, revoked with the committed time and reason, and a run-time revocation', async () => {
    const ocsp = new OcspClient({ fetch: viaAia, cache: false });
    const good = await ocsp.check({ certificateDer: pki.leaderRsa.certDer, issuerDer: issuerDer() });
    expect(good).toMatchObject({
      status: 'good',
      nonce: 'matched',
      responder: 'delegated',
      url: 'http://127.0.0.1:39080/ocsp',
    });
    expect(good.responderCertificateDer).toEqual(pki.ocsp.certDer);

    const committed = pki.manifest.revocations.find((r) => r.entity === 'revoked')!;
    const revoked = await ocsp.check({ certificateDer: pki.revoked.certDer, issuerDer: issuerDer() });
    expect(revoked.status).toBe('revoked');
    expect(revoked.revocationTime).toEqual(new Date(committed.revokedAt));
    expect(revoked.revocationReason).toBe(committed.reason);

    const issued = services.issue({ subject: 'Người ký tạm thời', keyType: 'ec' });
    const at = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    expect((await ocsp.check({ certificateDer: issued.certDer, issuerDer: issuerDer() })).status).toBe(
      'good',
    );
    services.revoke(issued.serialHex, at, 'superseded');
    const after = await ocsp.check({ certificateDer: issued.certDer, issuerDer: issuerDer() });
    expect(after).toMatchObject({ status: 'revoked', revocationReason: 'superseded' });
    expect(after.revocationTime).toEqual(at);
  });

  it('OCSP about an intermediate is answered by the root itself', async () => {
    const result = await new OcspClient({ fetch: viaAia }).check({
      certificateDer: pki.intermediate.certDer,
      issuerDer: pki.root.certDer,
      url: services.ocspUrl,
    });
    expect(result).toMatchObject({ status: 'good', responder: 'issuer' });
  });

  it('CRL: the revoked serial is listed, others are not', async () => {
    const crl = new CrlClient({ fetch: viaAia });
    const revoked = await crl.check({ certificateDer: pki.revoked.certDer, issuerDer: issuerDer() });
    expect(revoked).toMatchObject({ status: 'revoked', url: 'http://127.0.0.1:39080/crl/intermediate.crl' });
    const good = await crl.check({ certificateDer: pki.leaderEc.certDer, issuerDer: issuerDer() });
    expect(good).toMatchObject({ status: 'good', fromCache: true });
  });

  it('caIssuers: downloads the intermediate named in the leader certificate', async () => {
    const result = await fetchCaIssuers(pki.leaderRsa.certDer, { fetch: viaAia });
    expect(result.issuerCertificateDer).toEqual(pki.intermediate.certDer);
  });
});
