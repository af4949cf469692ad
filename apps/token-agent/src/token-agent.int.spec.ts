import { createPublicKey, verify, X509Certificate } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as pkcs11js from 'pkcs11js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AgentCertificateList,
  type AgentErrorBody,
  type AgentSignResponse,
  checkAgentSignature,
} from '@kyso/agent-protocol';
import { type RunningAgent, startAgent } from './agent';
import { runAgentCli } from './cli/agent-cli';
import { defaultAgentConfig } from './config/agent-config';
import { writeAgentConfig } from './config/config-file';
import { createAgentLog } from './logging/agent-log';
import { type AgentReply, callAgent } from '../../../test/support/token-agent/agent-client';
import { MemorySink } from '../../../test/support/token-agent/memory-sink';
import { FakeKysoServer, signedAttributes } from '../../../test/support/token-agent/signing-fixture';
import { createLeaderToken, type LeaderToken } from '../../../test/support/token-agent/softhsm-token';

// A PIN that cannot occur by accident in base64, hex or JSON, so grepping for it means something.
const PIN = 'Pq7-zZ!91';
const kyso = new FakeKysoServer('https://kyso.example');
const stranger = new FakeKysoServer('https://evil.example');

let token: LeaderToken;
let agent: RunningAgent;
let serial: string;
const log = new MemorySink();
const consoleOut = new MemorySink();
const replies: AgentReply[] = [];

async function startWith(
  pinCacheSeconds: number,
  logSink = log,
  consoleSink = consoleOut,
): Promise<RunningAgent> {
  return startAgent({
    config: {
      ...defaultAgentConfig(),
      modules: [token.modulePath],
      pinCacheSeconds,
      servers: [kyso.paired()],
    },
    log: createAgentLog({ log: logSink, console: consoleSink }),
    port: 0,
  });
}

async function call(target: RunningAgent, path: string, options: Parameters<typeof callAgent>[2] = {}) {
  const reply = await callAgent(target.port, path, options);
  replies.push(reply);
  return reply;
}

function signRequest(
  tbs: Buffer,
  certificateDer: Buffer,
  certId: string,
  extra: Record<string, unknown> = {},
) {
  return {
    requestToken: kyso.token(tbs, certificateDer),
    toBeSigned: tbs.toString('base64'),
    certId,
    tokenSerial: serial,
    ...extra,
  };
}

const sign = (body: unknown, target = agent, origin = kyso.origin) =>
  call(target, '/v1/sign', { method: 'POST', origin, json: body });
const errorOf = (reply: AgentReply) => (reply.body as AgentErrorBody).error;

beforeAll(async () => {
  token = createLeaderToken('leader', PIN);
  agent = await startWith(300);
  const list = (await call(agent, '/v1/certificates')).body as AgentCertificateList;
  serial = list.tokens.find((t) => t.tokenLabel === 'leader')!.tokenSerial;
});

afterAll(async () => {
  await agent?.close();
  token?.cleanup();
});

describe('token agent against a SoftHSM token', () => {
  it('lists the token and its end-entity certificates without a PIN, with the CA from the token as chain', async () => {
    const list = (await call(agent, '/v1/certificates')).body as AgentCertificateList;
    expect(list.tokens).toEqual([
      expect.objectContaining({ tokenLabel: 'leader', tokenSerial: serial, module: 'libsofthsm2.so' }),
    ]);
    const byId = Object.fromEntries(list.certificates.map((c) => [c.certId, c]));
    expect(Object.keys(byId).sort()).toEqual(['01', '02', '03']);
    expect(byId['01']).toMatchObject({
      label: 'leader-rsa',
      keyType: 'rsa',
      certificateDer: token.rsaCertificateDer.toString('base64'),
    });
    expect(byId['01']!.subject).toContain('CN=Phạm Thị Dung');
    expect(byId['01']!.chain).toEqual([token.caDer.toString('base64')]);
    expect(byId['02']).toMatchObject({
      keyType: 'ec',
      certificateDer: token.ecCertificateDer.toString('base64'),
    });
    expect(byId['02']!.chain).toBeUndefined();
  });

  it("reports a wrong PIN in Vietnamese with the token's tries information, and signs nothing", async () => {
    const tbs = signedAttributes('wrong pin');
    const reply = await sign(signRequest(tbs, token.rsaCertificateDer, '01', { pin: `${PIN}x` }));
    expect(reply.status).toBe(401);
    // SoftHSM raises CKF_USER_PIN_COUNT_LOW after a failure; it never reports the final try or locks.
    expect(errorOf(reply)).toMatchObject({ code: 'PIN_INCORRECT', triesLow: true });
    expect(errorOf(reply).messageVi).toBe(
      'Sai mã PIN. Chỉ còn ít lần thử trước khi USB token bị khoá. Hãy nhập lại thật cẩn thận.',
    );
    const noPin = await sign(signRequest(tbs, token.rsaCertificateDer, '01'));
    expect(errorOf(noPin).code).toBe('PIN_REQUIRED');
  });

  it('signs the DER signed attributes with the RSA key; the signature verifies with the certificate', async () => {
    const tbs = signedAttributes('rsa document');
    const reply = await sign(signRequest(tbs, token.rsaCertificateDer, '01', { pin: PIN }));
    expect(reply.status).toBe(200);
    const signed = reply.body as AgentSignResponse;
    expect(signed).toMatchObject({ signatureAlgorithm: 'rsa-pkcs1', digestAlgorithm: 'sha256' });
    const publicKey = new X509Certificate(token.rsaCertificateDer).publicKey;
    expect(verify('sha256', tbs, publicKey, Buffer.from(signed.signature, 'base64'))).toBe(true);
    expect(consoleOut.text()).toMatch(
      /Ký văn bản Quyết định thành lập tổ công tác \(15\/QĐ-UBND\) — SHA-256 [A-Za-z0-9_-]{43}\n/,
    );
  });

  it('signs again while the PIN is held (ECDSA, SHA-384) and refuses to replay a request token', async () => {
    const tbs = signedAttributes('ec document');
    const body = {
      requestToken: kyso.token(tbs, token.ecCertificateDer, { alg: 'sha384' }),
      toBeSigned: tbs.toString('base64'),
      certId: '02',
      tokenSerial: serial,
    };
    const reply = await sign(body);
    expect(reply.status).toBe(200);
    const signed = reply.body as AgentSignResponse;
    expect(signed).toMatchObject({ signatureAlgorithm: 'ecdsa', digestAlgorithm: 'sha384' });
    const publicKey = createPublicKey({
      key: new X509Certificate(token.ecCertificateDer).publicKey.export({ type: 'spki', format: 'pem' }),
    });
    expect(verify('sha384', tbs, publicKey, Buffer.from(signed.signature, 'base64'))).toBe(true);
    expect(
      checkAgentSignature({
        ...signed,
        toBeSigned: tbs,
        signature: Buffer.from(signed.signature, 'base64'),
        certificateDer: token.ecCertificateDer,
      }).valid,
    ).toBe(true);
    const replay = await sign(body);
    expect(replay.status).toBe(409);
    expect(errorOf(replay).code).toBe('REQUEST_REPLAYED');
  });

  it('signs with a key that needs the PIN for every signature (CKA_ALWAYS_AUTHENTICATE), twice', async () => {
    for (const name of ['always 1', 'always 2']) {
      const tbs = signedAttributes(name);
      const reply = await sign(signRequest(tbs, token.alwaysAuthCertificateDer, '03'));
      expect(reply.status).toBe(200);
      const signed = reply.body as AgentSignResponse;
      const publicKey = new X509Certificate(token.alwaysAuthCertificateDer).publicKey;
      expect(verify('sha256', tbs, publicKey, Buffer.from(signed.signature, 'base64'))).toBe(true);
    }
  });

  it('refuses a request token it cannot verify, one for other bytes, and a certificate the server did not expect', async () => {
    const tbs = signedAttributes('refusals');
    const forged = await sign({
      ...signRequest(tbs, token.rsaCertificateDer, '01'),
      requestToken: stranger.token(tbs, token.rsaCertificateDer),
    });
    expect(forged.status).toBe(403);
    expect(errorOf(forged).code).toBe('NOT_PAIRED');
    const unsigned = await sign({
      ...signRequest(tbs, token.rsaCertificateDer, '01'),
      requestToken: 'eyJhbGciOiJub25lIn0.e30.',
    });
    expect(errorOf(unsigned).code).toBe('REQUEST_NOT_FROM_KYSO');
    const mismatch = await sign({
      ...signRequest(tbs, token.rsaCertificateDer, '01'),
      toBeSigned: signedAttributes('other').toString('base64'),
    });
    expect(errorOf(mismatch).code).toBe('TBS_HASH_MISMATCH');
    const otherCert = await sign(signRequest(tbs, token.rsaCertificateDer, '02'));
    expect(errorOf(otherCert).code).toBe('CERTIFICATE_MISMATCH');
  });

  it('gives another origin a 403 without CORS headers, and a paired origin its PNA preflight', async () => {
    const foreign = await call(agent, '/v1/certificates', { origin: stranger.origin });
    expect(foreign.status).toBe(403);
    expect(Object.keys(foreign.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    const tbs = signedAttributes('foreign');
    const foreignSign = await sign(signRequest(tbs, token.rsaCertificateDer, '01'), agent, stranger.origin);
    expect(foreignSign.status).toBe(403);
    const preflight = await call(agent, '/v1/sign', {
      method: 'OPTIONS',
      headers: { 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Private-Network': 'true' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(kyso.origin);
    expect(preflight.headers['access-control-allow-private-network']).toBe('true');
  });

  it('after the token lost its sessions (as on unplug and re-plug) asks for the PIN again, then signs without a restart', async () => {
    // A second handle on the same library (C_Initialize answers ALREADY_INITIALIZED): close every session
    // of the slot, which also logs the application out, as a token removal does.
    const outside = new pkcs11js.PKCS11();
    outside.load(token.modulePath);
    try {
      outside.C_Initialize();
    } catch {
      // Already initialised by the agent in this process.
    }
    const slot = outside
      .C_GetSlotList(true)
      .find((s) => outside.C_GetTokenInfo(s).serialNumber.trim() === serial)!;
    outside.C_CloseAllSessions(slot);
    const tbs = signedAttributes('after re-plug');
    const lost = await sign(signRequest(tbs, token.rsaCertificateDer, '01'));
    expect(lost.status).toBe(401);
    expect(errorOf(lost)).toMatchObject({ code: 'PIN_REQUIRED' });
    expect(errorOf(lost).messageVi).toContain('cắm lại');
    const again = await sign(signRequest(tbs, token.rsaCertificateDer, '01', { pin: PIN }));
    expect(again.status).toBe(200);
  });

  it('forgets the PIN when its time is up', async () => {
    const shortLog = new MemorySink();
    const short = await startWith(1, shortLog, new MemorySink());
    try {
      const tbs = signedAttributes('short cache');
      expect((await sign(signRequest(tbs, token.rsaCertificateDer, '01', { pin: PIN }), short)).status).toBe(
        200,
      );
      await new Promise((r) => setTimeout(r, 1300));
      const later = signedAttributes('later');
      const reply = await sign(signRequest(later, token.rsaCertificateDer, '01'), short);
      expect(errorOf(reply).code).toBe('PIN_REQUIRED');
      expect(shortLog.text()).toContain('"reason":"timeout"');
      expect(shortLog.text()).not.toContain(PIN);
    } finally {
      await short.close();
    }
  });

  it('keeps the event loop free while the token signs a burst of requests', async () => {
    const warm = await sign(
      signRequest(signedAttributes('warm'), token.rsaCertificateDer, '01', { pin: PIN }),
    );
    expect(warm.status).toBe(200);
    const histogram = monitorEventLoopDelay({ resolution: 5 });
    histogram.enable();
    let statusAnswered = 0;
    const burst = Array.from({ length: 30 }, (_, i) =>
      sign(signRequest(signedAttributes(`burst ${i}`), token.rsaCertificateDer, '01')),
    );
    const statuses = Array.from({ length: 10 }, () =>
      call(agent, '/v1/status').then((r) => (statusAnswered += r.status === 200 ? 1 : 0)),
    );
    const results = await Promise.all(burst);
    await Promise.all(statuses);
    histogram.disable();
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(statusAnswered).toBe(10);
    // Every PKCS#11 call that waits on the device runs on libuv's pool; what remains are sub-millisecond calls.
    expect(histogram.max / 1e6).toBeLessThan(150);
  });

  it('`list` prints the token and its certificates', async () => {
    const config = `${process.env.SOFTHSM2_CONF}.agent.json`;
    writeAgentConfig(config, { ...defaultAgentConfig(), modules: [token.modulePath] });
    const stdout = new MemorySink();
    const code = await runAgentCli(['list', '--config', config], {
      stdout,
      stderr: new MemorySink(),
      env: {},
      fetch,
      untilStopped: async () => undefined,
    });
    expect(code).toBe(0);
    expect(stdout.text()).toContain(`Token "leader" (số sê-ri ${serial}, libsofthsm2.so)`);
    expect(stdout.text()).toContain('[01] C=VN, O=UBND xã Tân Lập, CN=Phạm Thị Dung');
  });

  it('never shows the PIN in its log, its console or any response', () => {
    expect(log.text().length).toBeGreaterThan(0);
    expect(log.text()).toContain('pin.accepted');
    for (const text of [log.text(), consoleOut.text(), ...replies.map((r) => r.text)]) {
      expect(text).not.toContain(PIN);
    }
  });
});
