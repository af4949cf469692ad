import { createWriteStream, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import {
  canonicalOrigin,
  PAIRING_PATH,
  PairingError,
  PairingErrorCode,
  pinServerKey,
} from '@kyso/agent-protocol';
import { startAgent } from '../agent';
import { AgentError } from '../agent-error';
import { type AgentConfig, AgentConfigError, withPairedServer } from '../config/agent-config';
import { defaultConfigPath } from '../config/config-dir';
import { readAgentConfig, writeAgentConfig } from '../config/config-file';
import { detectModules } from '../config/known-modules';
import { createAgentLog } from '../logging/agent-log';
import { Pkcs11TokenAccess } from '../tokens/pkcs11-token-access';
import { AGENT_VERSION } from '../version';

export interface AgentCliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: Record<string, string | undefined>;
  fetch: typeof fetch;
  /** `serve` runs until this resolves (SIGINT/SIGTERM in production). */
  untilStopped: () => Promise<void>;
}

export const EXIT = { OK: 0, FAILED: 1, USAGE: 2 } as const;

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    throw new InvalidArgumentError('cổng phải là số từ 1 đến 65535');
  return n;
}

/** Pairing over plain HTTP could be intercepted and pin an attacker's key; only loopback is exempt (tests, demos). */
function pairingUrl(server: string): { origin: string; url: string } {
  const origin = canonicalOrigin(server);
  if (origin === undefined)
    throw new PairingError(PairingErrorCode.INVALID_ORIGIN, `not an http(s) URL: ${server}`);
  const { protocol, hostname } = new URL(origin);
  if (protocol !== 'https:' && hostname !== '127.0.0.1' && hostname !== 'localhost') {
    throw new PairingError(PairingErrorCode.INVALID_ORIGIN, `pairing needs https (got ${origin})`);
  }
  return { origin, url: `${origin}${PAIRING_PATH}` };
}

async function fetchPairing(io: AgentCliIo, server: string): Promise<unknown> {
  const { url } = pairingUrl(server);
  const response = await io.fetch(url, {
    signal: AbortSignal.timeout(10_000),
    headers: { Accept: 'application/json' },
  });
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
  return response.json();
}

/** Builds and runs the `kyso-token-agent` command; returns the exit code. */
export async function runAgentCli(argv: string[], io: AgentCliIo): Promise<number> {
  const out = (s: string) => io.stdout.write(`${s}\n`);
  const configPath = (opts: { config?: string }) =>
    opts.config ?? defaultConfigPath(process.platform, io.env);
  const program = new Command()
    .name('kyso-token-agent')
    .description(
      'Phần mềm ký số kyso trên máy tính của lãnh đạo: ký bằng USB token cho trang kyso đã ghép nối',
    )
    .version(AGENT_VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  program
    .command('serve')
    .description('chạy phần mềm ký số (chỉ lắng nghe trên 127.0.0.1)')
    .option('--port <port>', 'cổng (mặc định 8988)', port)
    .option('--config <file>', 'tệp cấu hình')
    .action(async (opts: { port?: number; config?: string }) => {
      const file = configPath(opts);
      const config = readAgentConfig(file);
      const logStream = createWriteStream(join(dirname(file), 'agent.log'), { flags: 'a', mode: 0o600 });
      await new Promise<void>((resolve) =>
        logStream.once('open', () => resolve()).once('error', () => resolve()),
      );
      const log = createAgentLog({ log: logStream, console: io.stdout });
      const agent = await startAgent({
        config,
        configFile: file,
        log,
        ...(opts.port ? { port: opts.port } : {}),
      });
      out(`kyso-token-agent ${AGENT_VERSION} đang chạy tại ${agent.url}`);
      out(
        `Thư viện token: ${agent.modules.length ? agent.modules.join(', ') : '(không tìm thấy — khai báo "modules" trong tệp cấu hình)'}`,
      );
      out(
        config.servers.length
          ? `Đã ghép nối với: ${config.servers.map((s) => s.origin).join(', ')}`
          : 'Chưa ghép nối với máy chủ kyso nào. Chạy: kyso-token-agent pair --server https://<máy chủ kyso>',
      );
      await io.untilStopped();
      await agent.close();
      logStream.end();
    });

  program
    .command('pair')
    .description('ghép nối với một máy chủ kyso (lưu khoá công khai của máy chủ vào tệp cấu hình)')
    .option('--server <url>', 'địa chỉ máy chủ kyso, ví dụ https://kyso.example')
    .option('--origin <origin>', 'ghép nối ngoại tuyến: địa chỉ trang kyso')
    .option('--public-key-file <file>', 'ghép nối ngoại tuyến: tệp PEM khoá công khai của máy chủ')
    .option('--config <file>', 'tệp cấu hình')
    .action(async (opts: { server?: string; origin?: string; publicKeyFile?: string; config?: string }) => {
      let info: unknown;
      let expected: string;
      if (opts.server && !opts.origin && !opts.publicKeyFile) {
        expected = pairingUrl(opts.server).origin;
        info = await fetchPairing(io, opts.server);
      } else if (opts.origin && opts.publicKeyFile && !opts.server) {
        expected = opts.origin;
        info = {
          origin: canonicalOrigin(opts.origin) ?? opts.origin,
          publicKeyPem: readFileSync(opts.publicKeyFile, 'utf8'),
        };
      } else {
        throw new UsageError('dùng --server <url>, hoặc --origin <origin> cùng --public-key-file <file>');
      }
      const pinned = pinServerKey(info, expected);
      const file = configPath(opts);
      const config: AgentConfig = withPairedServer(readAgentConfig(file), {
        origin: pinned.origin,
        keyId: pinned.keyId,
        publicKeyPem: pinned.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        pairedAt: new Date().toISOString(),
      });
      writeAgentConfig(file, config);
      out(`Đã ghép nối với ${pinned.origin}.`);
      out(`Mã khoá của máy chủ: ${pinned.keyId}`);
      out('Hãy so sánh mã khoá này với mã do quản trị viên kyso cung cấp trước khi ký.');
      out(`Tệp cấu hình: ${file}`);
    });

  program
    .command('unpair <origin>')
    .description('huỷ ghép nối với một máy chủ kyso')
    .option('--config <file>', 'tệp cấu hình')
    .action((origin: string, opts: { config?: string }) => {
      const file = configPath(opts);
      const config = readAgentConfig(file);
      const target = canonicalOrigin(origin) ?? origin;
      writeAgentConfig(file, { ...config, servers: config.servers.filter((s) => s.origin !== target) });
      out(`Đã huỷ ghép nối với ${target}.`);
    });

  program
    .command('list')
    .description('liệt kê USB token và chứng thư số đang cắm vào máy')
    .option('--config <file>', 'tệp cấu hình')
    .action(async (opts: { config?: string }) => {
      const config = readAgentConfig(configPath(opts));
      const modules = config.modules.length ? config.modules : detectModules();
      const log = createAgentLog({ log: io.stderr, console: io.stdout });
      const tokens = new Pkcs11TokenAccess({
        modulePaths: modules,
        pinCacheSeconds: 0,
        rsaScheme: config.rsaScheme,
        log,
      });
      try {
        const inventory = await tokens.inventory();
        if (inventory.tokens.length === 0) out('Không tìm thấy USB token nào.');
        for (const token of inventory.tokens) {
          out(`Token "${token.tokenLabel}" (số sê-ri ${token.tokenSerial}, ${token.module})`);
          const certs = inventory.certificates.filter((c) => c.tokenSerial === token.tokenSerial);
          if (certs.length === 0) out('  (không có chứng thư số)');
          for (const c of certs) out(`  [${c.certId}] ${c.subject} — hiệu lực đến ${c.notAfter}`);
        }
      } finally {
        await tokens.close();
      }
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.OK;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    io.stderr.write(`kyso-token-agent: ${describe(err)}\n`);
    return err instanceof UsageError || err instanceof AgentConfigError ? EXIT.USAGE : EXIT.FAILED;
  }
}

class UsageError extends Error {}

function describe(err: unknown): string {
  if (err instanceof AgentError || err instanceof PairingError || err instanceof AgentConfigError) {
    return `${err.messageVi} (${err.message})`;
  }
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'EADDRINUSE')
    return 'cổng đã có chương trình khác sử dụng (đã có một phần mềm ký số đang chạy?)';
  if (e?.code === 'ENOENT') return `không tìm thấy tệp ${e.path ?? ''}`;
  return (err as Error)?.message ?? String(err);
}
