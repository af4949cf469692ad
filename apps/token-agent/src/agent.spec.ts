import { verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AgentErrorBody,
  type AgentSignResponse,
  checkAgentSignature,
  type AgentCertificateList,
} from '@kyso/agent-protocol';
import { callAgent } from '../../../test/support/token-agent/agent-client';
import { MemorySink } from '../../../test/support/token-agent/memory-sink';
import { FakeKysoServer, signedAttributes } from '../../../test/support/token-agent/signing-fixture';
import { SoftwareTokenAccess } from '../../../test/support/token-agent/software-token-access';
import { type RunningAgent, startAgent } from './agent';
import { defaultAgentConfig } from './config/agent-config';
import { createAgentLog } from './logging/agent-log';

const PIN = '8642-secret';
const kyso = new FakeKysoServer('https://kyso.example');
const otherKyso = new FakeKysoServer('https://kyso-2.example');
const stranger = new FakeKysoServer('https://evil.example');

let agent: RunningAgent;
let tokens: SoftwareTokenAccess;
const log = new MemorySink();
const consoleOut = new MemorySink();
/** Offset of the agent's clock from real time (the test certificate was made a moment ago). */
let clockOffsetMs = 0;

beforeAll(async () => {
  tokens = new SoftwareTokenAccess(PIN);
  agent = await startAgent({
    config: { ...defaultAgentConfig(), servers: [kyso.paired(), otherKyso.paired()] },
    log: createAgentLog({ log, console: consoleOut }),
    port: 0,
    tokens,
    now: () => new Date(Date.now() + clockOffsetMs),
  });
});

afterAll(async () => {
  await agent.close();
});

const errorOf = (body: unknown) => (body as AgentErrorBody).error;
const certDer = () => tokens.certificate.certificateDer;

function signBody(token: string, tbs: Buffer, extra: Record<string, unknown> = {}) {
  return {
    requestToken: token,
    toBeSigned: tbs.toString('base64'),
    certId: '01',
    tokenSerial: tokens.serial,
    ...extra,
  };
}

function sign(body: unknown, origin = kyso.origin) {
  return callAgent(agent.port, '/v1/sign', { method: 'POST', origin, json: body });
}

describe('token agent HTTP API (software token)', () => {
  it('reports status and paired origins to a paired origin, with CORS for that origin only', async () => {
    const reply = await callAgent(agent.port, '/v1/status');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ agent: 'kyso-token-agent', paired: [kyso.origin, otherKyso.origin] });
    expect(reply.headers['access-control-allow-origin']).toBe(kyso.origin);
    expect(reply.headers['cache-control']).toBe('no-store');
  });

  it('refuses other origins and requests without Origin with 403 and no CORS headers', async () => {
    for (const origin of [stranger.origin, null, 'https://kyso.example.evil.example', 'null']) {
      const reply = await callAgent(agent.port, '/v1/certificates', { origin });
      expect(reply.status).toBe(403);
      expect(errorOf(reply.body).code).toBe('ORIGIN_NOT_ALLOWED');
      expect(errorOf(reply.body).messageVi).toMatch(/không được phép/);
      expect(Object.keys(reply.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    }
  });

  it('refuses a Host other than 127.0.0.1 or localhost with its port (DNS rebinding)', async () => {
    for (const host of ['evil.example', `evil.example:${agent.port}`, '127.0.0.1:1', `[::1]:${agent.port}`]) {
      const reply = await callAgent(agent.port, '/v1/status', { host });
      expect(reply.status).toBe(403);
      expect(errorOf(reply.body).code).toBe('HOST_NOT_ALLOWED');
      expect(reply.headers['access-control-allow-origin']).toBeUndefined();
    }
    expect((await callAgent(agent.port, '/v1/status', { host: `localhost:${agent.port}` })).status).toBe(200);
  });

  it('answers a Private Network Access preflight from a paired origin, and only from it', async () => {
    const preflight = (origin: string, pna: boolean) =>
      callAgent(agent.port, '/v1/sign', {
        method: 'OPTIONS',
        origin,
        headers: {
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type',
          ...(pna ? { 'Access-Control-Request-Private-Network': 'true' } : {}),
        },
      });
    const ok = await preflight(kyso.origin, true);
    expect(ok.status).toBe(204);
    expect(ok.headers['access-control-allow-origin']).toBe(kyso.origin);
    expect(ok.headers['access-control-allow-private-network']).toBe('true');
    expect(ok.headers['access-control-allow-methods']).toContain('POST');
    expect(ok.headers['access-control-allow-headers']).toMatch(/content-type/i);
    expect(
      (await preflight(kyso.origin, false)).headers['access-control-allow-private-network'],
    ).toBeUndefined();
    const refused = await preflight(stranger.origin, true);
    expect(refused.status).toBe(403);
    expect(Object.keys(refused.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });

  it('lists the certificate on the token', async () => {
    const reply = await callAgent(agent.port, '/v1/certificates');
    const list = reply.body as AgentCertificateList;
    expect(list.tokens).toEqual([
      expect.objectContaining({ tokenSerial: tokens.serial, tokenLabel: 'leader' }),
    ]);
    expect(list.certificates).toHaveLength(1);
    expect(list.certificates[0]).toMatchObject({
      certId: '01',
      keyType: 'rsa',
      certificateDer: certDer().toString('base64'),
    });
    expect(list.certificates[0]!.subject).toContain('CN=Nguyen Van A');
  });

  it('asks for the PIN, reports a wrong PIN with tries info, then signs with the right PIN and the same request', async () => {
    const tbs = signedAttributes('pin flow');
    const token = kyso.token(tbs, certDer());
    const noPin = await sign(signBody(token, tbs));
    expect(noPin.status).toBe(401);
    expect(errorOf(noPin.body)).toMatchObject({
      code: 'PIN_REQUIRED',
      messageVi: 'Hãy nhập mã PIN của USB token.',
    });
    const wrong = await sign(signBody(token, tbs, { pin: '0000' }));
    expect(wrong.status).toBe(401);
    expect(errorOf(wrong.body)).toMatchObject({ code: 'PIN_INCORRECT', triesLow: true });
    expect(errorOf(wrong.body).messageVi).toContain('Sai mã PIN');
    const right = await sign(signBody(token, tbs, { pin: PIN }));
    expect(right.status).toBe(200);
    const signed = right.body as AgentSignResponse;
    expect(signed).toMatchObject({ signatureAlgorithm: 'rsa-pkcs1', digestAlgorithm: 'sha256' });
    // Judge 1: node:crypto over the DER signed attributes. Judge 2: the protocol's server-side check.
    expect(
      verify('sha256', tbs, tokens.certificate.privateKey, Buffer.from(signed.signature, 'base64')),
    ).toBe(true);
    expect(
      checkAgentSignature({
        toBeSigned: tbs,
        signature: Buffer.from(signed.signature, 'base64'),
        signatureAlgorithm: signed.signatureAlgorithm,
        digestAlgorithm: signed.digestAlgorithm,
        certificateDer: Buffer.from(signed.certificateDer, 'base64'),
      }).valid,
    ).toBe(true);
    expect(consoleOut.text()).toContain(
      `Ký văn bản Quyết định thành lập tổ công tác (15/QĐ-UBND) — SHA-256 ${JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).tbsHash}`,
    );
  });

  it('signs again without the PIN while it is held, and refuses a replayed request token', async () => {
    const tbs = signedAttributes('second document');
    const token = kyso.token(tbs, certDer());
    const first = await sign(signBody(token, tbs));
    expect(first.status).toBe(200);
    const replay = await sign(signBody(token, tbs));
    expect(replay.status).toBe(409);
    expect(errorOf(replay.body).code).toBe('REQUEST_REPLAYED');
  });

  it('refuses data that does not match tbsHash, and data that is not a DER SET', async () => {
    const tbs = signedAttributes('original');
    const other = signedAttributes('substituted');
    const mismatch = await sign(signBody(kyso.token(tbs, certDer()), other));
    expect(mismatch.status).toBe(400);
    expect(errorOf(mismatch.body).code).toBe('TBS_HASH_MISMATCH');
    const raw = Buffer.alloc(32, 7);
    const notSet = await sign(signBody(kyso.token(raw, certDer()), raw));
    expect(errorOf(notSet.body).code).toBe('BAD_REQUEST');
  });

  it('refuses request tokens that are not from the paired server for this origin', async () => {
    const tbs = signedAttributes('attack');
    const before = tokens.signatures;
    const unknown = await sign(signBody(stranger.token(tbs, certDer()), tbs));
    expect(errorOf(unknown.body).code).toBe('NOT_PAIRED');
    const crossed = await sign(signBody(kyso.token(tbs, certDer()), tbs), otherKyso.origin);
    expect(errorOf(crossed.body).code).toBe('NOT_PAIRED');
    const [h, p, s] = kyso.token(tbs, certDer()).split('.');
    const forged = JSON.parse(Buffer.from(p!, 'base64url').toString());
    forged.doc.title = 'Văn bản khác';
    const tampered = await sign(
      signBody(`${h}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${s}`, tbs),
    );
    expect(tampered.status).toBe(403);
    expect(errorOf(tampered.body)).toMatchObject({ code: 'REQUEST_NOT_FROM_KYSO' });
    expect(errorOf(tampered.body).messageVi).toContain('không phải do hệ thống kyso phát hành');
    const garbage = await sign(signBody('not-a-token', tbs));
    expect(errorOf(garbage.body).code).toBe('REQUEST_NOT_FROM_KYSO');
    const expired = await sign(
      signBody(kyso.token(tbs, certDer(), { now: new Date(Date.now() - 600_000) }), tbs),
    );
    expect(errorOf(expired.body)).toMatchObject({ code: 'REQUEST_EXPIRED' });
    expect(errorOf(expired.body).messageVi).toContain('hết hạn');
    expect(tokens.signatures).toBe(before);
  });

  it('refuses a certificate other than the one the server prepared for', async () => {
    const tbs = signedAttributes('cert');
    const elsewhere = Buffer.from(certDer());
    elsewhere[elsewhere.length - 1] ^= 1;
    const reply = await sign(signBody(kyso.token(tbs, elsewhere), tbs));
    expect(errorOf(reply.body).code).toBe('CERTIFICATE_MISMATCH');
    const missing = await sign(signBody(kyso.token(tbs, certDer()), tbs, { certId: '99' }));
    expect(errorOf(missing.body).code).toBe('CERTIFICATE_NOT_FOUND');
    const gone = await sign(signBody(kyso.token(tbs, certDer()), tbs, { tokenSerial: 'NOPE' }));
    expect(errorOf(gone.body).code).toBe('TOKEN_NOT_FOUND');
  });

  it('refuses to sign with an expired certificate', async () => {
    clockOffsetMs = 400 * 86_400_000;
    try {
      const tbs = signedAttributes('late');
      const reply = await sign(
        signBody(kyso.token(tbs, certDer(), { now: new Date(Date.now() + clockOffsetMs) }), tbs),
      );
      expect(reply.status).toBe(422);
      expect(errorOf(reply.body).code).toBe('CERTIFICATE_EXPIRED');
      expect(errorOf(reply.body).messageVi).toMatch(/^Chứng thư số đã hết hạn từ ngày \d\d\/\d\d\/\d{4}/);
    } finally {
      clockOffsetMs = 0;
    }
  });

  it('demands JSON, bounds the body, and answers unknown routes', async () => {
    const text = await callAgent(agent.port, '/v1/sign', {
      method: 'POST',
      rawBody: '{}',
      headers: { 'Content-Type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    const big = await callAgent(agent.port, '/v1/sign', {
      method: 'POST',
      rawBody: 'x'.repeat(300_000),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(big.status).toBe(413);
    expect((await callAgent(agent.port, '/v1/nothing')).status).toBe(404);
    expect((await callAgent(agent.port, '/v1/sign')).status).toBe(405);
    const badJson = await callAgent(agent.port, '/v1/sign', {
      method: 'POST',
      rawBody: `{"pin":"${PIN}",`,
      headers: { 'Content-Type': 'application/json' },
    });
    expect(badJson.status).toBe(400);
    expect(badJson.text).not.toContain(PIN);
  });

  it('never writes the PIN to the log, the console or a response, and wipes every PIN it was given', async () => {
    expect(log.text()).toContain('"event":"request.failed"');
    expect(log.text()).not.toContain(PIN);
    expect(log.text()).not.toContain('0000"');
    expect(consoleOut.text()).not.toContain(PIN);
    // Wrong PINs are wiped at once; the accepted one is held by the token until it expires or is replaced.
    const wiped = tokens.receivedPins.filter((p) => p.wiped).length;
    expect(wiped).toBeGreaterThanOrEqual(tokens.receivedPins.length - 1);
    expect(String(tokens.receivedPins[0])).toBe('[redacted]');
  });
});
