import { randomUUID, verify, X509Certificate } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  certSha256Of,
  checkAgentSignature,
  createRequestToken,
  generateRequestKeyPair,
  pairingInfoFor,
  type SignatureAlgorithm,
  tbsHashOf,
} from '@kyso/agent-protocol';
import { launchChromium, openPage } from '../../../../test/support/browser';
import { type RunningAgent, startAgent } from '../../../token-agent/src/agent';
import { defaultAgentConfig } from '../../../token-agent/src/config/agent-config';
import { createAgentLog } from '../../../token-agent/src/logging/agent-log';
import { MemorySink } from '../../../../test/support/token-agent/memory-sink';
import { signedAttributes } from '../../../../test/support/token-agent/signing-fixture';
import { createLeaderToken, type LeaderToken } from '../../../../test/support/token-agent/softhsm-token';
import { SigningPageAssets } from './signing-page.assets';

const PIN = 'Lc4-rT!72';
const JWT = 'test-jwt';

interface PreparedSession {
  id: string;
  toBeSigned: Buffer;
  certificateDer: Buffer;
}

/**
 * The two kyso endpoints the page calls, reduced to the protocol: mint a request token for hand-made
 * signed attributes, and check the returned signature with the certificate (the lead's full-stack test
 * replaces this with the real API).
 */
class MinimalKysoServer {
  readonly keys = generateRequestKeyPair();
  readonly sessions = new Map<string, PreparedSession>();
  readonly completed: Array<{ sessionId: string; valid: boolean; independentlyValid: boolean }> = [];
  readonly requestBodies: string[] = [];
  private readonly assets = SigningPageAssets.load();
  private server!: Server;
  origin = '';
  agentPort = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.route(req, res));
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    const json = (status: number, body: unknown): void => {
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.method === 'GET' && url.pathname.startsWith('/sign/assets/')) {
      const asset = this.assets.asset(url.pathname.slice('/sign/assets/'.length));
      if (!asset) return void res.writeHead(404).end();
      return void res.writeHead(200, { 'Content-Type': asset.contentType }).end(asset.body);
    }
    if (req.method === 'GET' && url.pathname.startsWith('/sign/')) {
      const agentPort = url.searchParams.get('agentPort') ?? String(this.agentPort);
      const page = this.assets.page(url.pathname.slice('/sign/'.length), `http://127.0.0.1:${agentPort}`);
      return void res.writeHead(200, page.headers).end(page.body);
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    this.requestBodies.push(text);
    if (req.headers.authorization !== `Bearer ${JWT}`) {
      return json(401, { error: { code: 'UNAUTHORIZED', message: 'login', messageVi: 'Chưa đăng nhập' } });
    }
    const body = JSON.parse(text) as Record<string, unknown>;
    const prepare = /^\/api\/v1\/documents\/([^/]+)\/signing-sessions$/.exec(url.pathname);
    if (req.method === 'POST' && prepare) {
      const chain = body.certificateChain as string[];
      expect(body.appearance).toEqual({ kind: 'leader' });
      const certificateDer = Buffer.from(chain[0]!, 'base64');
      const toBeSigned = signedAttributes(`document ${prepare[1]} ${randomUUID()}`);
      const id = randomUUID();
      this.sessions.set(id, { id, toBeSigned, certificateDer });
      const requestToken = createRequestToken(this.keys.privateKey, {
        iss: this.origin,
        sub: 'user-17',
        sid: id,
        doc: {
          id: prepare[1]!,
          title: 'Quyết định thành lập tổ công tác',
          numberSymbol: '15/QĐ-UBND',
          version: 1,
        },
        tbsHash: tbsHashOf(toBeSigned),
        alg: 'sha256',
        certSha256: certSha256Of(certificateDer),
      });
      return json(201, {
        sessionId: id,
        digestAlgorithm: 'sha256',
        toBeSigned: toBeSigned.toString('base64'),
        requestToken,
        expiresAt: new Date(Date.now() + 120_000).toISOString(),
      });
    }
    const complete = /^\/api\/v1\/signing-sessions\/([^/]+)\/complete$/.exec(url.pathname);
    const session = complete ? this.sessions.get(complete[1]!) : undefined;
    if (req.method === 'POST' && session) {
      const signature = Buffer.from(body.signature as string, 'base64');
      const signatureAlgorithm = body.signatureAlgorithm as SignatureAlgorithm;
      const check = checkAgentSignature({
        toBeSigned: session.toBeSigned,
        signature,
        signatureAlgorithm,
        digestAlgorithm: 'sha256',
        certificateDer: session.certificateDer,
      });
      const x509 = new X509Certificate(session.certificateDer);
      const independentlyValid = verify('sha256', session.toBeSigned, x509.publicKey, signature);
      this.completed.push({ sessionId: session.id, valid: check.valid, independentlyValid });
      if (!check.valid)
        return json(422, {
          error: { code: 'SIGNATURE_INVALID', message: 'bad', messageVi: 'Chữ ký không hợp lệ' },
        });
      return json(200, {
        status: 'VALID',
        messageVi: 'Chữ ký hợp lệ. Văn bản đã được ký.',
        signer: x509.subject.split('\n').pop(),
      });
    }
    return json(404, { error: { code: 'NOT_FOUND', message: 'not found', messageVi: 'Không tìm thấy' } });
  }
}

let token: LeaderToken;
let server: MinimalKysoServer;
let agent: RunningAgent;
let browser: Browser;
const agentConsole = new MemorySink();
const agentLog = new MemorySink();

beforeAll(async () => {
  token = createLeaderToken('leader', PIN);
  server = new MinimalKysoServer();
  await server.start();
  agent = await startAgent({
    config: {
      ...defaultAgentConfig(),
      modules: [token.modulePath],
      servers: [{ ...pairingInfoFor(server.origin, server.keys.publicKey), pairedAt: '' }],
    },
    log: createAgentLog({ log: agentLog, console: agentConsole }),
    port: 0,
  });
  server.agentPort = agent.port;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await agent?.close();
  await server?.close();
  token?.cleanup();
});

describe('signing page in Chromium with the token agent', () => {
  it('lists the certificates, signs with the typed PIN, and shows the server’s verification', async () => {
    const { page, consoleLines, close } = await openPage(browser, { sessionStorage: { 'kyso.token': JWT } });
    try {
      await page.goto(`${server.origin}/sign/doc-1`);
      const rsa = page.getByRole('radio', { name: /Phạm Thị Dung/ });
      await rsa.waitFor();
      await expect.poll(() => page.locator('#status').textContent()).toContain('Hãy chọn chứng thư số');
      await rsa.check();
      await page.getByLabel('Mã PIN của USB token').fill(PIN);
      // Keyboard only: Enter in the PIN field submits the form.
      await page.getByLabel('Mã PIN của USB token').press('Enter');
      await page.getByRole('heading', { name: 'Đã ký văn bản' }).waitFor();
      expect(await page.locator('#result-message').textContent()).toBe('Chữ ký hợp lệ. Văn bản đã được ký.');
      expect(await page.locator('#result-details').textContent()).toContain('Phạm Thị Dung');
      expect(server.completed).toHaveLength(1);
      expect(server.completed[0]).toMatchObject({ valid: true, independentlyValid: true });
      expect(agentConsole.text()).toContain(
        'Ký văn bản Quyết định thành lập tổ công tác (15/QĐ-UBND) — SHA-256',
      );
      expect(await page.getByLabel('Mã PIN của USB token').inputValue()).toBe('');
      expect(consoleLines.filter((l) => l.startsWith('pageerror'))).toEqual([]);
    } finally {
      await close();
    }
  });

  it('shows a wrong PIN in Vietnamese, then signs with the corrected PIN in the same server session', async () => {
    const { page, close } = await openPage(browser, { sessionStorage: { 'kyso.token': JWT } });
    try {
      const before = server.sessions.size;
      await page.goto(`${server.origin}/sign/doc-2`);
      await page.getByRole('radio', { name: /Nguyen Van B/ }).check();
      await page.getByLabel('Mã PIN của USB token').fill('000000');
      await page.getByRole('button', { name: 'Ký văn bản' }).click();
      const alert = page.getByRole('alert');
      await expect.poll(() => alert.textContent()).toContain('Sai mã PIN');
      expect(
        await page.evaluate(
          () =>
            (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement
              .id,
        ),
      ).toBe('pin');
      await page.getByLabel('Mã PIN của USB token').fill(PIN);
      await page.getByRole('button', { name: 'Ký văn bản' }).click();
      await page.getByRole('heading', { name: 'Đã ký văn bản' }).waitFor();
      expect(server.sessions.size).toBe(before + 1);
      expect(server.completed.at(-1)).toMatchObject({ valid: true, independentlyValid: true });
    } finally {
      await close();
    }
  });

  it('tells the leader to install the agent when none answers', async () => {
    const { page, close } = await openPage(browser, { sessionStorage: { 'kyso.token': JWT } });
    try {
      await page.goto(`${server.origin}/sign/doc-3?agentPort=1`);
      const heading = page.getByRole('heading', { name: 'Chưa có phần mềm ký số kyso' });
      await heading.waitFor();
      expect(await page.getByRole('link', { name: 'Tải phần mềm ký số kyso' }).getAttribute('href')).toBe(
        '/agent/download',
      );
      expect(await page.getByRole('alert').textContent()).toContain(
        'Không kết nối được với phần mềm ký số kyso',
      );
    } finally {
      await close();
    }
  });

  it('asks to log in when the page has no kyso token', async () => {
    const { page, close } = await openPage(browser);
    try {
      await page.goto(`${server.origin}/sign/doc-4`);
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('Bạn chưa đăng nhập kyso');
    } finally {
      await close();
    }
  });

  it('never sends the PIN to the kyso server and never logs it', () => {
    expect(server.requestBodies.length).toBeGreaterThan(0);
    for (const text of [...server.requestBodies, agentLog.text(), agentConsole.text()])
      expect(text).not.toContain(PIN);
  });
});
