import { createSign, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@kyso/config';
import { testPki } from '@kyso/test-pki';
import { startAgent, type RunningAgent } from '../../apps/token-agent/src/agent';
import { defaultAgentConfig } from '../../apps/token-agent/src/config/agent-config';
import { createAgentLog } from '../../apps/token-agent/src/logging/agent-log';
import { createApp, type KysoApp } from '../../apps/api/src/create-app';
import { ensureSoftHsmTokens } from '../../certs-test/src/softhsm/softhsm-tokens';
import { launchChromium, openPage } from '../support/browser';
import { makePdf } from '../support/pdf-fixtures';
import { testPostgresUrl } from '../support/postgres';
import { freePort } from '../support/spawn-api';
import { MemorySink } from '../support/token-agent/memory-sink';
import { pdfsig } from '../support/verifiers';
import { ApiClient, expectStatus } from '../support/api/api-client';
import { ROOT } from '../support/api/api-harness';
import { createCommune, type Commune } from '../support/api/commune';

const TRUST = process.env.KYSO_TEST_TRUST_URL ?? 'http://127.0.0.1:39080';
const PIN = '1234'; // the repository's SoftHSM test token (certs-test/README.md)

/** True when any string anywhere in a JSON value is exactly the PIN. */
function carriesPin(value: unknown): boolean {
  if (typeof value === 'string') return value === PIN;
  if (Array.isArray(value)) return value.some(carriesPin);
  if (value && typeof value === 'object')
    return Object.entries(value).some(([k, v]) => /pin/i.test(k) || carriesPin(v));
  return false;
}

describe('a leader signs with the USB token through the token agent (full stack, Chromium)', () => {
  let kyso: KysoApp;
  let base: string;
  let api: ApiClient;
  let commune: Commune;
  let agent: RunningAgent;
  let browser: Browser;
  let documentId: string;
  const apiLog: string[] = [];
  const agentLog = new MemorySink();
  const agentConsole = new MemorySink();
  const pki = testPki();

  beforeAll(async () => {
    const hsm = ensureSoftHsmTokens();
    process.env.SOFTHSM2_CONF = hsm.conf;
    const [port, agentPort] = [await freePort(), await freePort()];
    base = `http://127.0.0.1:${port}`;
    const dataDir = mkdtempSync(join(tmpdir(), 'kyso-leader-'));
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: await testPostgresUrl('leader_signing'),
      KYSO_DATA_DIR: dataDir,
      KYSO_BOOTSTRAP_ADMIN: `${ROOT.username}:${ROOT.password}`,
      KYSO_PUBLIC_URL: base,
      KYSO_TSA_URL: `${TRUST}/tsa`,
      KYSO_AGENT_URL: `http://127.0.0.1:${agentPort}`,
      KYSO_LOG_LEVEL: 'info',
    });
    const pino = (await import('pino')).default;
    const logger = pino({ level: 'info' }, { write: (line: string) => void apiLog.push(line) });
    kyso = await createApp(config, { logger });
    await kyso.app.listen(port, '127.0.0.1');
    api = new ApiClient(base);
    commune = await createCommune(api);

    // The administrator binds the leader's token certificate to the leader's account.
    expectStatus(
      await api.call('POST', `/api/v1/users/${commune.users.leader.id}/certificates`, {
        token: commune.users.admin.token,
        json: { certificate: pki.leaderRsa.certDer.toString('base64') },
      }),
      201,
    );
    const draft = expectStatus(
      await api.call('POST', '/api/v1/documents/outgoing', {
        token: commune.users.officer.token,
        form: {
          typeCode: 'quyet-dinh',
          subject: 'Quyết định thành lập tổ công tác',
          file: { bytes: await makePdf({ pages: 2 }), fileName: 'du-thao.pdf' },
        },
      }),
      201,
    ).body;
    documentId = draft.id;
    expectStatus(
      await api.call('POST', `/api/v1/documents/${documentId}/submit`, {
        token: commune.users.officer.token,
      }),
      200,
    );

    // The agent pairs with this server the way `kyso-token-agent pair --server` does.
    const pairing = expectStatus(await api.call('GET', '/api/v1/agent/pairing'), 200).body;
    agent = await startAgent({
      config: {
        ...defaultAgentConfig(),
        modules: [hsm.module],
        servers: [{ ...pairing, pairedAt: new Date().toISOString() }],
      },
      log: createAgentLog({ log: agentLog, console: agentConsole }),
      port: agentPort,
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await agent?.close();
    await kyso?.close();
  });

  it('signs in the browser; the stored PDF verifies in pdfsig; the PIN never reaches the server', async () => {
    const { page, close } = await openPage(browser, {
      sessionStorage: { 'kyso.token': commune.users.leader.token },
    });
    const apiBodies: unknown[] = [];
    page.on('request', (req) => {
      if (req.url().startsWith(base) && req.postData()) apiBodies.push(JSON.parse(req.postData()!));
    });
    try {
      await page.goto(`${base}/sign/${documentId}`);
      const certificate = page.getByRole('radio', { name: /Nguyễn Văn An/ });
      await certificate.waitFor({ timeout: 30_000 });
      await certificate.check();
      await page.getByLabel('Mã PIN của USB token').fill(PIN);
      await page.getByRole('button', { name: 'Ký văn bản' }).click();
      await page.getByRole('heading', { name: 'Đã ký văn bản' }).waitFor({ timeout: 60_000 });
      expect(await page.locator('#result-message').textContent()).toContain('Đã ký số văn bản');
    } finally {
      await close();
    }
    expect(agentConsole.text()).toContain('Ký văn bản Quyết định thành lập tổ công tác');

    const doc = expectStatus(
      await api.call('GET', `/api/v1/documents/${documentId}`, { token: commune.users.leader.token }),
      200,
    ).body;
    expect(doc.status).toBe('signed');
    const file = await fetch(`${base}/api/v1/documents/${documentId}/files/latest`, {
      headers: { authorization: `Bearer ${commune.users.leader.token}` },
    });
    expect(file.status).toBe(200);
    const out = join(mkdtempSync(join(tmpdir(), 'kyso-leader-out-')), 'signed.pdf');
    writeFileSync(out, Buffer.from(await file.arrayBuffer()));
    const sig = pdfsig(out);
    expect(sig.entries[0]?.status, sig.text).toBe('Signature is Valid.');
    expect(sig.entries[0]?.certificate, sig.text).toBe('Certificate is Trusted.');
    expect(sig.entries[0]?.signerName).toBe('Nguyễn Văn An');

    expect(apiBodies.length).toBeGreaterThan(0);
    expect(apiBodies.some(carriesPin)).toBe(false);
    const logLines = [...apiLog, ...agentLog.text().split('\n'), ...agentConsole.text().split('\n')].filter(
      Boolean,
    );
    expect(logLines.some((l) => l.includes(`"${PIN}"`) || /\bpin\b.*1234/i.test(l))).toBe(false);
  });

  /** Starts a session over HTTP and signs its bytes with the test leader key (as the token would). */
  async function startAndSign(id = documentId) {
    const session = expectStatus(
      await api.call('POST', `/api/v1/documents/${id}/signing-sessions`, {
        token: commune.users.leader.token,
        json: { certificateChain: [pki.leaderRsa.certDer.toString('base64')], appearance: { kind: 'none' } },
      }),
      201,
    ).body;
    const signature = createSign('sha256')
      .update(Buffer.from(session.toBeSigned, 'base64'))
      .sign(pki.leaderRsa.privateKey())
      .toString('base64');
    return { session, body: { signature, signatureAlgorithm: 'rsa-pkcs1' } };
  }

  it('answers a repeated complete with the same result and never signs twice', async () => {
    const { session, body } = await startAndSign();
    const first = expectStatus(
      await api.call('POST', `/api/v1/signing-sessions/${session.sessionId}/complete`, {
        token: commune.users.leader.token,
        json: body,
      }),
      201,
    ).body;
    const again = expectStatus(
      await api.call('POST', `/api/v1/signing-sessions/${session.sessionId}/complete`, {
        token: commune.users.leader.token,
        json: body,
      }),
      201,
    ).body;
    expect(again).toEqual(first);
    const latest = expectStatus(
      await api.call('GET', `/api/v1/documents/${documentId}`, { token: commune.users.leader.token }),
      200,
    ).body;
    expect(JSON.stringify(latest)).toContain(`"version":${first.documentVersion}`);
  });

  it('refuses a session whose document changed, a signature over other bytes, another user, and an unregistered certificate', async () => {
    const changed = await startAndSign();
    expectStatus(
      await api.call('POST', `/api/v1/documents/${documentId}/versions`, {
        token: commune.users.leader.token,
        form: { kind: 'signed', file: { bytes: await makePdf({ title: 'ban khac' }), fileName: 'khac.pdf' } },
      }),
      201,
    );
    const r1 = await api.call('POST', `/api/v1/signing-sessions/${changed.session.sessionId}/complete`, {
      token: commune.users.leader.token,
      json: changed.body,
    });
    expect(r1.status).toBe(409);
    expect(r1.body.error.code).toBe('DOCUMENT_CHANGED');
    expect(r1.body.error.messageVi).toContain('Văn bản đã thay đổi');

    const forged = await startAndSign();
    const wrong = createSign('sha256')
      .update('other bytes')
      .sign(pki.leaderRsa.privateKey())
      .toString('base64');
    const r2 = await api.call('POST', `/api/v1/signing-sessions/${forged.session.sessionId}/complete`, {
      token: commune.users.leader.token,
      json: { ...forged.body, signature: wrong },
    });
    expect(r2.status).toBe(400);
    expect(r2.body.error.code).toBe('SIGNATURE_INVALID');

    const r3 = await api.call('POST', `/api/v1/signing-sessions/${forged.session.sessionId}/complete`, {
      token: commune.users.clerk.token,
      json: forged.body,
    });
    expect(r3.status).toBe(403);

    const r4 = await api.call('POST', `/api/v1/documents/${documentId}/signing-sessions`, {
      token: commune.users.leader.token,
      json: { certificateChain: [pki.leaderEc.certDer.toString('base64')] },
    });
    expect(r4.status).toBe(403);
    expect(r4.body.error.code).toBe('CERTIFICATE_NOT_THIS_USER');

    const r5 = await api.call('POST', `/api/v1/signing-sessions/${randomUUID()}/complete`, {
      token: commune.users.leader.token,
      json: forged.body,
    });
    expect(r5.status).toBe(404);
  });
});
