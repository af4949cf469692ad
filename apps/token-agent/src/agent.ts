import type { AddressInfo } from 'node:net';
import { AGENT_NAME } from '@kyso/agent-protocol';
import type { AgentConfig } from './config/agent-config';
import { detectModules } from './config/known-modules';
import { PairedServers } from './config/paired-servers';
import { createAgentServer } from './http/agent-server';
import type { AgentLog } from './logging/agent-log';
import { ReplayGuard } from './signing/replay-guard';
import { SignRequestHandler } from './signing/sign-request.handler';
import { Pkcs11TokenAccess } from './tokens/pkcs11-token-access';
import type { TokenAccess } from './tokens/token-access';
import { AGENT_VERSION } from './version';

export interface AgentOptions {
  config: AgentConfig;
  /** The config file to watch for new pairings; omitted in tests that pass the config directly. */
  configFile?: string;
  log: AgentLog;
  /** Overrides `config.port` (0: any free port, for tests). */
  port?: number;
  /** Defaults to the PKCS#11 tokens of the configured (or detected) modules. */
  tokens?: TokenAccess;
  now?: () => Date;
}

export interface RunningAgent {
  url: string;
  port: number;
  modules: readonly string[];
  close(): Promise<void>;
}

/** Wires the agent and listens on 127.0.0.1 only. */
export async function startAgent(options: AgentOptions): Promise<RunningAgent> {
  const { config, log } = options;
  const now = options.now ?? (() => new Date());
  const modules = config.modules.length ? config.modules : detectModules();
  const tokens =
    options.tokens ??
    new Pkcs11TokenAccess({
      modulePaths: modules,
      pinCacheSeconds: config.pinCacheSeconds,
      rsaScheme: config.rsaScheme,
      log,
    });
  const paired = new PairedServers(config, options.configFile, log);
  const signHandler = new SignRequestHandler({
    pinnedKeys: () => paired.current().keys,
    tokens,
    replay: new ReplayGuard(() => Math.floor(now().getTime() / 1000)),
    log,
    now,
    clockToleranceSeconds: config.clockToleranceSeconds,
  });
  let port = options.port ?? config.port;
  const server = createAgentServer({
    port: () => port,
    allowedOrigins: () => paired.current().origins,
    status: () => ({ agent: AGENT_NAME, version: AGENT_VERSION, paired: [...paired.current().origins] }),
    tokens,
    signHandler,
    log,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  log.info('agent.listening', {
    port,
    modules: modules.join(' '),
    paired: [...paired.current().origins].join(' '),
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    modules,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await tokens.close();
      log.info('agent.stopped');
    },
  };
}
