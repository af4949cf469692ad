import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRequestKeyPair, pairingInfoFor, publicKeyId, publicKeyPem } from '@kyso/agent-protocol';
import { callAgent } from '../../../../test/support/token-agent/agent-client';
import { MemorySink } from '../../../../test/support/token-agent/memory-sink';
import { SoftwareTokenAccess } from '../../../../test/support/token-agent/software-token-access';
import { startAgent } from '../agent';
import { readAgentConfig } from '../config/config-file';
import { createAgentLog } from '../logging/agent-log';
import { runAgentCli } from './agent-cli';

const dir = mkdtempSync(join(tmpdir(), 'kyso-agent-cli-'));
const key = generateRequestKeyPair();
let server: Server;
let serverOrigin: string;
/** What the fake kyso server answers on /api/v1/agent/pairing. */
let pairingAnswer: () => unknown;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url !== '/api/v1/agent/pairing') return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(pairingAnswer()));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  serverOrigin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  pairingAnswer = () => pairingInfoFor(serverOrigin, key.publicKey);
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]) {
  const stdout = new MemorySink();
  const stderr = new MemorySink();
  const code = await runAgentCli(argv, {
    stdout,
    stderr,
    env: {},
    fetch,
    untilStopped: async () => undefined,
  });
  return { code, out: stdout.text(), err: stderr.text() };
}

describe('kyso-token-agent CLI', () => {
  it('pairs with a server, prints the key id to compare, and a running agent accepts the origin without restart', async () => {
    const file = join(dir, 'live', 'config.json');
    const log = new MemorySink();
    const agent = await startAgent({
      config: readAgentConfig(file),
      configFile: file,
      port: 0,
      tokens: new SoftwareTokenAccess('1'),
      log: createAgentLog({ log, console: new MemorySink() }),
    });
    try {
      expect((await callAgent(agent.port, '/v1/status', { origin: serverOrigin })).status).toBe(403);
      const result = await cli('pair', '--server', `${serverOrigin}/some/page`, '--config', file);
      expect(result.code).toBe(0);
      expect(result.out).toContain(`Đã ghép nối với ${serverOrigin}`);
      expect(result.out).toContain(publicKeyId(key.publicKey));
      expect(readAgentConfig(file).servers).toEqual([
        expect.objectContaining({ origin: serverOrigin, keyId: publicKeyId(key.publicKey) }),
      ]);
      const status = await callAgent(agent.port, '/v1/status', { origin: serverOrigin });
      expect(status.status).toBe(200);
      expect(status.body).toMatchObject({ paired: [serverOrigin] });
      expect(log.text()).toContain('config.reloaded');
    } finally {
      await agent.close();
    }
  });

  it('refuses a server answering for another origin, and plain http to a non-loopback host', async () => {
    const file = join(dir, 'refused.json');
    pairingAnswer = () => pairingInfoFor('https://evil.example', key.publicKey);
    try {
      const wrong = await cli('pair', '--server', serverOrigin, '--config', file);
      expect(wrong.code).toBe(1);
      expect(wrong.err).toContain('Máy chủ trả lời với một địa chỉ khác');
    } finally {
      pairingAnswer = () => pairingInfoFor(serverOrigin, key.publicKey);
    }
    const http = await cli('pair', '--server', 'http://kyso.example', '--config', file);
    expect(http.code).toBe(1);
    expect(http.err).toContain('https');
    expect(readAgentConfig(file).servers).toEqual([]);
    expect((await cli('pair', '--config', file)).code).toBe(2);
  });

  it('pairs offline from a PEM file and unpairs', async () => {
    const file = join(dir, 'offline.json');
    const pem = join(dir, 'server.pem');
    writeFileSync(pem, publicKeyPem(key.publicKey));
    const paired = await cli(
      'pair',
      '--origin',
      'https://kyso.example',
      '--public-key-file',
      pem,
      '--config',
      file,
    );
    expect(paired.code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).servers[0]).toMatchObject({
      origin: 'https://kyso.example',
    });
    expect((await cli('unpair', 'https://kyso.example', '--config', file)).code).toBe(0);
    expect(readAgentConfig(file).servers).toEqual([]);
  });

  it('reports a broken config file with its field, in Vietnamese', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify({ port: 'x' }));
    const result = await cli('unpair', 'https://kyso.example', '--config', file);
    expect(result.code).toBe(2);
    expect(result.err).toContain('Tệp cấu hình');
    expect(result.err).toContain('port');
  });
});
