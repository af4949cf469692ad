import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testPki } from '@kyso/test-pki';
import { CmsError, CmsErrorCode } from '../cms-error';
import { readCertificate } from '../certificate/certificate-info';
import { TtlCache } from '../net/ttl-cache';
import { fakeFetch } from '../../testing/fake-fetch';
import { openssl, tempFiles } from '../../testing/openssl';
import { issueCrl, toPem } from '../../testing/test-certificates';
import { unitTestPki } from '../../testing/unit-test-pki';
import { Crl, parseCrl, verifyCrlSignature } from './crl';
import { CrlClient } from './crl-client';

const pki = unitTestPki();
const revokedAt = new Date('2025-03-01T00:00:00Z');

function intermediateCrl(options: { thisUpdate?: Date; nextUpdate?: Date } = {}): Buffer {
  return issueCrl({
    issuer: pki.intermediate,
    entries: [
      { serial: BigInt('0x' + pki.revoked.info.serialHex), revokedAt, reason: 1 },
      { serial: 0x8f12n, revokedAt, reason: 4 },
      { serial: 0x77n, revokedAt },
    ],
    crlNumber: 42,
    ...options,
  });
}

async function errorOf(p: Promise<unknown>): Promise<CmsError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(CmsError);
    return err as CmsError;
  }
  throw new Error('expected a CmsError');
}

describe('parseCrl', () => {
  it('reads header, entries, reasons and agrees with openssl crl -text', async () => {
    const der = intermediateCrl();
    const crl = parseCrl(der);
    expect(crl.version).toBe(2);
    expect(crl.issuer.text).toBe(pki.intermediate.info.subject.text);
    expect(crl.crlNumber).toBe(42n);
    expect(crl.revokedCount).toBe(3);
    expect(crl.isDelta).toBe(false);
    expect(crl.authorityKeyIdentifierHex).toBe(pki.intermediate.info.subjectKeyIdentifierHex);
    expect(crl.findRevocation(pki.revoked.info.serialHex)).toMatchObject({
      revocationDate: revokedAt,
      reason: 'keyCompromise',
    });
    expect(crl.findRevocation('00:8F:12')).toMatchObject({ serialHex: '8f12', reason: 'superseded' });
    expect(crl.findRevocation('77')?.reason).toBeUndefined();
    expect(crl.findRevocation(pki.leaderRsa.info.serialHex)).toBeUndefined();
    expect(verifyCrlSignature(crl, pki.intermediate.certDer).valid).toBe(true);
    expect(verifyCrlSignature(crl, pki.root.certDer)).toMatchObject({
      valid: false,
      issuerNameMatches: false,
    });

    const files = await tempFiles({ 'c.der': der, 'ca.pem': pki.intermediate.certPem });
    try {
      const r = await openssl(
        ['crl', '-inform', 'DER', '-in', 'c.der', '-noout', '-text', '-CAfile', 'ca.pem'],
        { cwd: files.dir },
      );
      expect(r.stderr).toContain('verify OK');
      const serials = [...r.stdout.matchAll(/Serial Number: ([0-9A-F]+)/g)].map((m) => m[1].toLowerCase());
      expect(serials.sort()).toEqual([pki.revoked.info.serialHex, '8f12', '77'].sort());
    } finally {
      await files.dispose();
    }
  });

  it('reads the committed test-PKI CRL and finds its revoked certificate', () => {
    const shared = testPki();
    const crl = parseCrl(shared.crls.intermediate.der);
    const revoked = shared.manifest.revocations.find((r) => r.entity === 'revoked')!;
    const entry = crl.findRevocation(revoked.serialHex);
    expect(entry?.revocationDate).toEqual(new Date(revoked.revokedAt));
    expect(entry?.reason).toBe(revoked.reason);
    expect(crl.findRevocation(shared.leaderRsa.serialHex)).toBeUndefined();
    expect(verifyCrlSignature(crl, shared.intermediate.certDer).valid).toBe(true);
    const pem = readFileSync(join(shared.dir, 'intermediate.crl.pem'));
    expect(pem.toString()).toContain('BEGIN X509 CRL');
  });

  it('throws MALFORMED on garbage', () => {
    expect(() => parseCrl(Buffer.from('not a crl'))).toThrowError(CmsError);
    const der = intermediateCrl();
    expect(() => parseCrl(der.subarray(0, der.length - 10))).toThrowError(CmsError);
  });
});

describe('CrlClient', () => {
  const crlDer = intermediateCrl();
  const serve = (body: Buffer) => fakeFetch(() => body, 'application/pkix-crl');

  it('finds the revoked serial through the CDP URL and reports good for others', async () => {
    const urls: string[] = [];
    const fetch = fakeFetch((_b, url) => {
      urls.push(url);
      return crlDer;
    });
    const client = new CrlClient({ fetch });
    const revoked = await client.check({
      certificateDer: pki.revoked.certDer,
      issuerDer: pki.intermediate.certDer,
    });
    expect(revoked).toMatchObject({
      status: 'revoked',
      revocationTime: revokedAt,
      revocationReason: 'keyCompromise',
      crlNumber: 42n,
    });
    expect(revoked.crlDer).toEqual(crlDer);
    const good = await client.check({
      certificateDer: pki.leaderRsa.certDer,
      issuerDer: pki.intermediate.certDer,
    });
    expect(good.status).toBe('good');
    expect(good.fromCache).toBe(true);
    expect(urls).toEqual(['http://pki.invalid/crl/intermediate.crl']);
  });

  it('accepts PEM', async () => {
    const fetch = serve(Buffer.from(toPem(crlDer, 'X509 CRL')));
    const r = await new CrlClient({ fetch }).check({
      certificateDer: pki.revoked.certDer,
      issuerDer: pki.intermediate.certDer,
    });
    expect(r.status).toBe('revoked');
  });

  it('CRL_MISMATCH for a CRL of another CA, CRL_INVALID_SIGNATURE for a forged one', async () => {
    const rootCrl = issueCrl({ issuer: pki.root, entries: [] });
    const mismatch = await errorOf(
      new CrlClient({ fetch: serve(rootCrl) }).check({
        certificateDer: pki.leaderRsa.certDer,
        issuerDer: pki.intermediate.certDer,
      }),
    );
    expect(mismatch.code).toBe(CmsErrorCode.CrlMismatch);

    const forged = Buffer.from(crlDer);
    const crl: Crl = parseCrl(crlDer);
    forged[forged.indexOf(crl.signature) + 5] ^= 0xff;
    const bad = await errorOf(
      new CrlClient({ fetch: serve(forged) }).check({
        certificateDer: pki.leaderRsa.certDer,
        issuerDer: pki.intermediate.certDer,
      }),
    );
    expect(bad.code).toBe(CmsErrorCode.CrlInvalidSignature);
  });

  it('CRL_BAD_RESPONSE for a stale CRL and for garbage, CRL_UNAVAILABLE with the URL for HTTP errors', async () => {
    const stale = intermediateCrl({
      thisUpdate: new Date(Date.now() - 10 * 86400_000),
      nextUpdate: new Date(Date.now() - 86400_000),
    });
    const params = { certificateDer: pki.leaderRsa.certDer, issuerDer: pki.intermediate.certDer };
    expect((await errorOf(new CrlClient({ fetch: serve(stale) }).check(params))).message).toContain('stale');
    expect((await errorOf(new CrlClient({ fetch: serve(Buffer.from('garbage')) }).check(params))).code).toBe(
      CmsErrorCode.CrlBadResponse,
    );
    const notFound = async () => new Response('nope', { status: 404 });
    const err = await errorOf(new CrlClient({ fetch: notFound }).check(params));
    expect(err.code).toBe(CmsErrorCode.CrlUnavailable);
    expect(err.message).toContain('http://pki.invalid/crl/intermediate.crl');
  });

  it('serves a cached CRL offline and refuses the network otherwise', async () => {
    const cache = new TtlCache<Crl>();
    const params = { certificateDer: pki.leaderRsa.certDer, issuerDer: pki.intermediate.certDer };
    await new CrlClient({ fetch: serve(crlDer), cache }).check(params);
    expect((await new CrlClient({ offline: true, cache }).check(params)).fromCache).toBe(true);
    expect((await errorOf(new CrlClient({ offline: true }).check(params))).code).toBe(CmsErrorCode.Offline);
  });

  it('NO_URL for a certificate without a distribution point', async () => {
    const err = await errorOf(
      new CrlClient().check({ certificateDer: pki.root.certDer, issuerDer: pki.root.certDer }),
    );
    expect(err.code).toBe(CmsErrorCode.NoUrl);
    expect(readCertificate(pki.root.certDer).crlUrls).toEqual([]);
  });
});
