import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CmsError, CmsErrorCode } from '../cms-error';
import { OID } from '../asn1/oids';
import { digest } from '../algorithms/digest-algorithm';
import { fakeFetch } from '../../testing/fake-fetch';
import { fakeTimeStampResponse } from '../../testing/fake-tsa';
import { openssl, tempFiles } from '../../testing/openssl';
import { opensslTsa } from '../../testing/openssl-tsa';
import { generateTestKey, issueCertificate } from '../../testing/test-certificates';
import { unitTestPki } from '../../testing/unit-test-pki';
import { encodeTimeStampRequest, generateNonce } from './timestamp-request';
import { parseTimeStampResponse } from './timestamp-response';
import { parseTimeStampToken, verifyTimeStampToken } from './timestamp-token';
import { TsaClient } from './tsa-client';

const pki = unitTestPki();
const data = Buffer.from('Biên bản họp UBND xã', 'utf8');

async function codeOf(p: Promise<unknown>): Promise<CmsError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(CmsError);
    return err as CmsError;
  }
  throw new Error('expected a CmsError');
}

describe('TsaClient against OpenSSL TSA', () => {
  let tsa: Awaited<ReturnType<typeof opensslTsa>>;
  beforeAll(async () => {
    tsa = await opensslTsa({ tsa: pki.tsa, chain: [pki.intermediate] });
  });
  afterAll(() => tsa.dispose());

  it('gets a token that answers the request and verifies', async () => {
    const client = new TsaClient({ url: 'http://tsa.invalid/tsa', fetch: tsa.fetch });
    const result = await client.timestamp(data);
    expect(result.status).toBe('granted');
    expect(Math.abs(result.genTime.getTime() - Date.now())).toBeLessThan(60_000);
    expect(result.tsaCertificateDer).toEqual(pki.tsa.certDer);
    expect(result.token.policy).toBe('1.2.3.4.1');
    expect(result.token.accuracyMicros).toBe(1_500_100);
    expect(result.token.signer.signingCertificateV2).toBeDefined();
    expect(client.lastTokenSize).toBe(result.tokenDer.length);

    const check = verifyTimeStampToken(result.tokenDer, {
      expectedImprint: { algorithm: 'sha256', digest: digest('sha256', data) },
    });
    expect(check.problems).toEqual([]);
    expect(check.valid).toBe(true);
    expect(check.tsaCertificateEkuValid).toBe(true);
  });

  it('accepts a signing-certificate v1 (SHA-1 ESSCertID) token and a requested policy', async () => {
    const v1 = await opensslTsa({ tsa: pki.tsa, chain: [], essCertIdAlg: 'sha1' });
    try {
      const client = new TsaClient({
        url: 'http://tsa.invalid/',
        fetch: v1.fetch,
        policy: '1.2.3.4.5',
        digestAlgorithm: 'sha512',
      });
      const result = await client.timestamp(data);
      expect(result.token.policy).toBe('1.2.3.4.5');
      expect(result.token.messageImprint.algorithm.name).toBe('sha512');
      expect(result.token.signer.signingCertificateV1).toBeDefined();
    } finally {
      await v1.dispose();
    }
  });

  it('maps a rejection (unaccepted policy) to TSA_REJECTED', async () => {
    const client = new TsaClient({ url: 'http://tsa.invalid/', fetch: tsa.fetch, policy: '1.2.3.4.99' });
    const err = await codeOf(client.timestamp(data));
    expect(err.code).toBe(CmsErrorCode.TsaRejected);
    expect(err.message).toContain('unacceptedPolicy');
  });

  it('writes requests OpenSSL reads back', async () => {
    // A leading zero nibble: OpenSSL prints whole octets, so the text must keep it.
    const nonce = Buffer.from('05aabbccddeeff11', 'hex');
    const generated = generateNonce();
    expect(generated).toHaveLength(8);
    expect(generated[0]).toBeGreaterThan(0);
    expect(generated[0]).toBeLessThan(0x80);
    const req = encodeTimeStampRequest({
      messageImprint: { algorithm: 'sha256', digest: digest('sha256', data) },
      nonce,
      certReq: true,
      policy: '1.2.3.4.5',
    });
    const files = await tempFiles({ 'req.der': req });
    try {
      const r = await openssl(['ts', '-query', '-in', 'req.der', '-text'], { cwd: files.dir });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('Hash Algorithm: sha256');
      expect(r.stdout).toContain('Policy OID: 1.2.3.4.5');
      expect(r.stdout).toContain('Certificate required: yes');
      expect(r.stdout.replace(/\s/g, '').toLowerCase()).toContain(`nonce:0x${nonce.toString('hex')}`);
    } finally {
      await files.dispose();
    }
  });
});

describe('TsaClient failure modes', () => {
  const url = 'http://tsa.invalid/tsa';

  it('TSA_MISMATCH when the token time-stamps another imprint', async () => {
    const fetch = fakeFetch((req) =>
      fakeTimeStampResponse(req, { tsa: pki.tsa, imprintDigest: randomBytes(32) }),
    );
    expect((await codeOf(new TsaClient({ url, fetch }).timestamp(data))).code).toBe(CmsErrorCode.TsaMismatch);
  });

  it('TSA_MISMATCH when the nonce is wrong or missing', async () => {
    for (const nonce of [randomBytes(8), null]) {
      const fetch = fakeFetch((req) => fakeTimeStampResponse(req, { tsa: pki.tsa, nonce }));
      expect((await codeOf(new TsaClient({ url, fetch }).timestamp(data))).code).toBe(
        CmsErrorCode.TsaMismatch,
      );
    }
  });

  it('TSA_INVALID_TOKEN when the TSA certificate lacks a critical timeStamping EKU', async () => {
    const weak = issueCertificate({
      subject: 'TSA without critical EKU',
      key: generateTestKey('p256'),
      issuer: pki.intermediate,
      extendedKeyUsage: { purposes: [OID.kpTimeStamping], critical: false },
    });
    const fetch = fakeFetch((req) => fakeTimeStampResponse(req, { tsa: weak }));
    const err = await codeOf(new TsaClient({ url, fetch }).timestamp(data));
    expect(err.code).toBe(CmsErrorCode.TsaInvalidToken);
    expect(err.message).toContain('critical');
  });

  it('TSA_INVALID_TOKEN when genTime is far from the local clock', async () => {
    const fetch = fakeFetch((req) =>
      fakeTimeStampResponse(req, { tsa: pki.tsa, genTime: new Date(Date.now() - 3600_000) }),
    );
    expect((await codeOf(new TsaClient({ url, fetch }).timestamp(data))).code).toBe(
      CmsErrorCode.TsaInvalidToken,
    );
  });

  it('TSA_REJECTED with the status for a rejection without token', async () => {
    const fetch = fakeFetch((req) => fakeTimeStampResponse(req, { tsa: pki.tsa, rejectWith: 2 }));
    const err = await codeOf(new TsaClient({ url, fetch }).timestamp(data));
    expect(err.code).toBe(CmsErrorCode.TsaRejected);
    expect(err.message).toContain('rejection');
    expect(err.messageVi).toContain('từ chối');
  });

  it('OFFLINE without touching the network', async () => {
    let called = false;
    const fetch = fakeFetch(() => {
      called = true;
      return Buffer.alloc(0);
    });
    expect((await codeOf(new TsaClient({ url, fetch, offline: true }).timestamp(data))).code).toBe(
      CmsErrorCode.Offline,
    );
    expect(called).toBe(false);
  });

  it('honours the caller abort signal', async () => {
    const controller = new AbortController();
    controller.abort();
    const fetch = fakeFetch(() => Buffer.alloc(0));
    const err = await codeOf(new TsaClient({ url, fetch }).timestamp(data, { signal: controller.signal }));
    expect(err.code).toBe(CmsErrorCode.TsaUnavailable);
  });

  it('produces tokens that parseTimeStampToken reads in full', () => {
    const req = encodeTimeStampRequest({
      messageImprint: { algorithm: 'sha256', digest: digest('sha256', data) },
      nonce: generateNonce(),
    });
    const resp = parseTimeStampResponse(
      fakeTimeStampResponse(req, { tsa: pki.tsa, chain: [pki.intermediate.certDer] }),
    );
    expect(resp.status).toBe('granted');
    const token = parseTimeStampToken(resp.tokenDer!);
    expect(token.tsaCertificateDer).toEqual(pki.tsa.certDer);
    expect(token.signedData.certificates).toHaveLength(2);
    expect(token.signedData.version).toBe(3);
    expect(token.messageImprint.digest).toEqual(digest('sha256', data));
  });
});

describe('TsaClient over real HTTP', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/garbage') {
        res.writeHead(200, { 'content-type': 'application/timestamp-reply' });
        res.end(randomBytes(300));
      } else if (req.url === '/html') {
        res.writeHead(500, { 'content-type': 'text/html' });
        res.end('<h1>oops</h1>');
      } else if (req.url === '/huge') {
        res.writeHead(200, { 'content-type': 'application/timestamp-reply' });
        res.end(Buffer.alloc(2 * 1024 * 1024));
      } else if (req.url === '/slow') {
        // never answers
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('TSA_BAD_RESPONSE for garbage bytes', async () => {
    const err = await codeOf(new TsaClient({ url: `${base}/garbage` }).timestamp(data));
    expect(err.code).toBe(CmsErrorCode.TsaBadResponse);
    expect(err.details?.url).toBe(`${base}/garbage`);
  });

  it('TSA_UNAVAILABLE for an HTTP error status', async () => {
    const err = await codeOf(new TsaClient({ url: `${base}/html` }).timestamp(data));
    expect(err.code).toBe(CmsErrorCode.TsaUnavailable);
    expect(err.message).toContain('HTTP 500');
  });

  it('TSA_BAD_RESPONSE for a body over the size limit', async () => {
    const err = await codeOf(
      new TsaClient({ url: `${base}/huge`, maxResponseBytes: 64 * 1024 }).timestamp(data),
    );
    expect(err.code).toBe(CmsErrorCode.TsaBadResponse);
    expect(err.message).toContain('larger than');
  });

  it('TSA_UNAVAILABLE on timeout, at the deadline', async () => {
    const start = Date.now();
    const err = await codeOf(new TsaClient({ url: `${base}/slow`, timeoutMs: 300 }).timestamp(data));
    expect(err.code).toBe(CmsErrorCode.TsaUnavailable);
    expect(Date.now() - start).toBeLessThan(2000);
  });

  it('TSA_UNAVAILABLE quickly with the URL when the port is closed', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const url = `http://127.0.0.1:${port}/tsa`;
    const start = Date.now();
    const err = await codeOf(new TsaClient({ url }).timestamp(data));
    expect(err.code).toBe(CmsErrorCode.TsaUnavailable);
    expect(err.message).toContain(url);
    expect(err.message).toContain('ECONNREFUSED');
    expect(Date.now() - start).toBeLessThan(2000);
  });
});
