import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CmsError, CmsErrorCode } from '../cms-error';
import { enumerated, sequence } from '../asn1/der-writer';
import { TtlCache } from '../net/ttl-cache';
import { fakeFetch } from '../../testing/fake-fetch';
import { opensslOcsp } from '../../testing/openssl-ocsp';
import { unitTestPki } from '../../testing/unit-test-pki';
import { buildOcspRequest } from './ocsp-request';
import { parseOcspResponse } from './ocsp-response';
import { OcspCheckResult, OcspClient } from './ocsp-client';
import { verifyOcspResponseSignature } from './ocsp-response-verifier';

const pki = unitTestPki();
const revokedAt = new Date('2025-03-01T00:00:00Z');

async function errorOf(p: Promise<unknown>): Promise<CmsError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(CmsError);
    return err as CmsError;
  }
  throw new Error('expected a CmsError');
}

describe('OcspClient against OpenSSL responder (delegated)', () => {
  let responder: Awaited<ReturnType<typeof opensslOcsp>>;
  beforeAll(async () => {
    responder = await opensslOcsp({
      ca: pki.intermediate,
      signer: pki.ocspResponder,
      entries: [
        { cert: pki.leaderRsa },
        { cert: pki.revoked, revoked: { at: revokedAt, reason: 'keyCompromise' } },
      ],
    });
  });
  afterAll(() => responder.dispose());

  const check = (client: OcspClient, who = pki.leaderRsa) =>
    client.check({ certificateDer: who.certDer, issuerDer: pki.intermediate.certDer });

  it('reports good, with a matched nonce, the delegated responder and the raw response', async () => {
    const result = await check(new OcspClient({ fetch: responder.fetch }));
    expect(result.status).toBe('good');
    expect(result.url).toBe('http://pki.invalid/ocsp'); // from the AIA
    expect(result.nonce).toBe('matched');
    expect(result.responder).toBe('delegated');
    expect(result.responderCertificateDer).toEqual(pki.ocspResponder.certDer);
    expect(result.nextUpdate!.getTime()).toBeGreaterThan(result.thisUpdate.getTime());
    expect(parseOcspResponse(result.responseDer).status).toBe('successful');
    expect(result.fromCache).toBe(false);
  });

  it('reports revoked with time and reason', async () => {
    const result = await check(new OcspClient({ fetch: responder.fetch }), pki.revoked);
    expect(result.status).toBe('revoked');
    expect(result.revocationTime).toEqual(revokedAt);
    expect(result.revocationReason).toBe('keyCompromise');
  });

  it('reports unknown for a serial the responder does not know', async () => {
    expect((await check(new OcspClient({ fetch: responder.fetch }), pki.leaderEc)).status).toBe('unknown');
  });

  it('works with a SHA-256 CertID', async () => {
    expect(
      (await check(new OcspClient({ fetch: responder.fetch, certIdHashAlgorithm: 'sha256' }))).status,
    ).toBe('good');
  });

  it('caches by URL + issuer + serial and serves the cache offline', async () => {
    const cache = new TtlCache<OcspCheckResult>();
    const before = responder.calls();
    const online = new OcspClient({ fetch: responder.fetch, cache });
    await check(online);
    expect((await check(online)).fromCache).toBe(true);
    expect(responder.calls() - before).toBe(1);
    const offline = new OcspClient({ fetch: responder.fetch, cache, offline: true });
    expect((await check(offline)).fromCache).toBe(true);
    expect((await errorOf(check(offline, pki.revoked))).code).toBe(CmsErrorCode.Offline);
  });

  it('expires cache entries with the injected clock', async () => {
    let now = Date.now();
    const cache = new TtlCache<OcspCheckResult>({ now: () => now });
    const client = new OcspClient({ fetch: responder.fetch, cache, cacheTtlMs: 1000 });
    await check(client);
    now += 1500;
    expect((await check(client)).fromCache).toBe(false);
  });

  it('OCSP_MISMATCH when the answer is about another certificate', async () => {
    const other = buildOcspRequest({ certificate: pki.leaderEc.info, issuer: pki.intermediate.info }).der;
    const fetch = fakeFetch(() => responder.respond(other), 'application/ocsp-response');
    expect((await errorOf(check(new OcspClient({ fetch })))).code).toBe(CmsErrorCode.OcspMismatch);
  });

  it('OCSP_MISMATCH when the echoed nonce is not ours; absent nonce is tolerated unless required', async () => {
    const foreign = buildOcspRequest({ certificate: pki.leaderRsa.info, issuer: pki.intermediate.info }).der;
    const wrongNonce = fakeFetch(() => responder.respond(foreign), 'application/ocsp-response');
    expect((await errorOf(check(new OcspClient({ fetch: wrongNonce })))).code).toBe(
      CmsErrorCode.OcspMismatch,
    );

    const noNonce = buildOcspRequest({
      certificate: pki.leaderRsa.info,
      issuer: pki.intermediate.info,
      nonce: false,
    }).der;
    const silent = fakeFetch(() => responder.respond(noNonce), 'application/ocsp-response');
    expect((await check(new OcspClient({ fetch: silent }))).nonce).toBe('absent');
    expect((await errorOf(check(new OcspClient({ fetch: silent, requireNonce: true })))).code).toBe(
      CmsErrorCode.OcspMismatch,
    );
  });

  it('OCSP_INVALID_SIGNATURE when the response signature is corrupted', async () => {
    const fetch = fakeFetch(async (body) => {
      const resp = await responder.respond(body);
      const sig = parseOcspResponse(resp).basic!.signature;
      const at = resp.indexOf(sig);
      resp[at + 10] ^= 0x01;
      return resp;
    }, 'application/ocsp-response');
    expect((await errorOf(check(new OcspClient({ fetch })))).code).toBe(CmsErrorCode.OcspInvalidSignature);
  });

  it('OCSP_BAD_RESPONSE when the answer is stale', async () => {
    const client = new OcspClient({
      fetch: responder.fetch,
      now: () => new Date(Date.now() + 7 * 86400_000),
    });
    const err = await errorOf(check(client));
    expect(err.code).toBe(CmsErrorCode.OcspBadResponse);
    expect(err.message).toContain('stale');
  });
});

describe('OcspClient responder authorisation', () => {
  it('accepts a response signed by the issuing CA itself', async () => {
    const ca = await opensslOcsp({
      ca: pki.intermediate,
      signer: pki.intermediate,
      entries: [{ cert: pki.leaderRsa }],
      includeSigner: false,
    });
    try {
      const result = await new OcspClient({ fetch: ca.fetch }).check({
        certificateDer: pki.leaderRsa.certDer,
        issuerDer: pki.intermediate.certDer,
      });
      expect(result.status).toBe('good');
      expect(result.responder).toBe('issuer');
    } finally {
      await ca.dispose();
    }
  });

  it('OCSP_UNAUTHORIZED_RESPONDER for a certificate without id-kp-OCSPSigning', async () => {
    const rogue = await opensslOcsp({
      ca: pki.intermediate,
      signer: pki.leaderEc,
      entries: [{ cert: pki.leaderRsa }],
    });
    try {
      const err = await errorOf(
        new OcspClient({ fetch: rogue.fetch }).check({
          certificateDer: pki.leaderRsa.certDer,
          issuerDer: pki.intermediate.certDer,
        }),
      );
      expect(err.code).toBe(CmsErrorCode.OcspUnauthorizedResponder);
      expect(err.message).toContain('OCSPSigning');
      const basic = parseOcspResponse(
        await rogue.respond(
          buildOcspRequest({ certificate: pki.leaderRsa.info, issuer: pki.intermediate.info }).der,
        ),
      ).basic!;
      expect(verifyOcspResponseSignature(basic, pki.intermediate.certDer)).toMatchObject({
        valid: false,
        failure: 'unauthorized',
      });
    } finally {
      await rogue.dispose();
    }
  });

  it('OCSP_UNAUTHORIZED_RESPONDER for a responder of another CA', async () => {
    // The root signs answers about the intermediate's certificates: not its business.
    const other = await opensslOcsp({
      ca: pki.intermediate,
      signer: pki.root,
      entries: [{ cert: pki.leaderRsa }],
    });
    try {
      const err = await errorOf(
        new OcspClient({ fetch: other.fetch }).check({
          certificateDer: pki.leaderRsa.certDer,
          issuerDer: pki.intermediate.certDer,
        }),
      );
      expect(err.code).toBe(CmsErrorCode.OcspUnauthorizedResponder);
    } finally {
      await other.dispose();
    }
  });
});

describe('OcspClient input and status errors', () => {
  const certificateDer = pki.leaderRsa.certDer;
  const issuerDer = pki.intermediate.certDer;

  it('OCSP_REJECTED for tryLater', async () => {
    const fetch = fakeFetch(() => sequence(enumerated(3)), 'application/ocsp-response');
    const err = await errorOf(new OcspClient({ fetch }).check({ certificateDer, issuerDer }));
    expect(err.code).toBe(CmsErrorCode.OcspRejected);
    expect(err.message).toContain('tryLater');
  });

  it('OCSP_BAD_RESPONSE for garbage', async () => {
    const fetch = fakeFetch(() => Buffer.from('<html>proxy error</html>'), 'text/html');
    expect((await errorOf(new OcspClient({ fetch }).check({ certificateDer, issuerDer }))).code).toBe(
      CmsErrorCode.OcspBadResponse,
    );
  });

  it('NO_URL when the certificate has no OCSP URL', async () => {
    const err = await errorOf(
      new OcspClient().check({ certificateDer: pki.intermediate.certDer, issuerDer: pki.root.certDer }),
    );
    expect(err.code).toBe(CmsErrorCode.NoUrl);
  });
});
