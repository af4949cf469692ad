import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CmsError, CmsErrorCode } from '../cms-error';
import { TtlCache } from '../net/ttl-cache';
import { fakeFetch } from '../../testing/fake-fetch';
import { openssl, tempFiles } from '../../testing/openssl';
import { unitTestPki } from '../../testing/unit-test-pki';
import { fetchCaIssuers } from './ca-issuers';

const pki = unitTestPki();

async function p7c(): Promise<Buffer> {
  const files = await tempFiles({ 'a.pem': pki.root.certPem + pki.intermediate.certPem });
  try {
    const r = await openssl(
      ['crl2pkcs7', '-nocrl', '-certfile', 'a.pem', '-outform', 'DER', '-out', 'a.p7c'],
      { cwd: files.dir },
    );
    expect(r.code, r.stderr).toBe(0);
    return await readFile(files.path('a.p7c'));
  } finally {
    await files.dispose();
  }
}

describe('fetchCaIssuers', () => {
  it.each([
    ['DER certificate', async () => pki.intermediate.certDer],
    ['PEM certificates', async () => Buffer.from(pki.root.certPem + pki.intermediate.certPem)],
    ['PKCS#7 certs-only', p7c],
  ])('downloads the issuer from the AIA URL (%s) and identifies it', async (_name, body) => {
    const served = await body();
    const urls: string[] = [];
    const result = await fetchCaIssuers(pki.leaderRsa.certDer, {
      fetch: fakeFetch((_b, url) => {
        urls.push(url);
        return served;
      }, 'application/pkix-cert'),
    });
    expect(urls).toEqual(['http://pki.invalid/ca/intermediate.cer']);
    expect(result.issuerCertificateDer).toEqual(pki.intermediate.certDer);
  });

  it('caches per URL when given a cache', async () => {
    const cache = new TtlCache<Buffer[]>();
    let calls = 0;
    const fetch = fakeFetch(() => {
      calls++;
      return pki.intermediate.certDer;
    });
    await fetchCaIssuers(pki.leaderRsa.certDer, { fetch, cache });
    const again = await fetchCaIssuers(pki.leaderEc.certDer, { fetch, cache });
    expect(again.fromCache).toBe(true);
    expect(calls).toBe(1);
  });

  it('typed errors: bad body, offline, no URL', async () => {
    const code = async (p: Promise<unknown>) => {
      try {
        await p;
      } catch (err) {
        expect(err).toBeInstanceOf(CmsError);
        return (err as CmsError).code;
      }
      return undefined;
    };
    expect(
      await code(
        fetchCaIssuers(pki.leaderRsa.certDer, { fetch: fakeFetch(() => Buffer.from([0x30, 0x03, 1, 2, 3])) }),
      ),
    ).toBe(CmsErrorCode.CaIssuersBadResponse);
    expect(await code(fetchCaIssuers(pki.leaderRsa.certDer, { offline: true }))).toBe(CmsErrorCode.Offline);
    expect(await code(fetchCaIssuers(pki.root.certDer))).toBe(CmsErrorCode.NoUrl);
  });
});
