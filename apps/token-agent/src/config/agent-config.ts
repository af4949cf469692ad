import {
  DEFAULT_AGENT_PORT,
  DEFAULT_CLOCK_TOLERANCE_SECONDS,
  PairingError,
  type PairingInfo,
  pinServerKey,
  type PinnedServerKey,
} from '@kyso/agent-protocol';

/** A kyso server the agent trusts: its origin and its pinned request key. */
export interface PairedServer extends PairingInfo {
  /** ISO time of pairing, for the administrator. */
  pairedAt: string;
}

/** The agent's settings, as stored in config.json (every field optional in the file). */
export interface AgentConfig {
  port: number;
  /** How long a PIN (and the token's logged-in state) is kept after it was typed. */
  pinCacheSeconds: number;
  clockToleranceSeconds: number;
  /** PKCS#11 libraries to load. Empty: use the known paths present on this machine. */
  modules: string[];
  /** RSA signature scheme: PKCS#1 v1.5 (what most Vietnamese tokens and verifiers expect) or PSS. */
  rsaScheme: 'pkcs1' | 'pss';
  servers: PairedServer[];
}

export const DEFAULT_PIN_CACHE_SECONDS = 300;
/** Longer than this and "a few minutes" stops being true; the leader should re-enter the PIN. */
const MAX_PIN_CACHE_SECONDS = 3600;

export function defaultAgentConfig(): AgentConfig {
  return {
    port: DEFAULT_AGENT_PORT,
    pinCacheSeconds: DEFAULT_PIN_CACHE_SECONDS,
    clockToleranceSeconds: DEFAULT_CLOCK_TOLERANCE_SECONDS,
    modules: [],
    rsaScheme: 'pkcs1',
    servers: [],
  };
}

/** A wrong setting in the config file; the message names the field and the fix. */
export class AgentConfigError extends Error {
  override readonly name = 'AgentConfigError';
  readonly code = 'CONFIG_INVALID';
  readonly messageVi: string;

  constructor(
    readonly file: string,
    readonly field: string,
    problem: string,
  ) {
    super(`${file}: ${field} ${problem}`);
    this.messageVi = `Tệp cấu hình ${file} không hợp lệ: mục "${field}" ${problem}.`;
  }
}

function integerIn(file: string, field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new AgentConfigError(file, field, `must be an integer from ${min} to ${max}`);
  }
  return value;
}

/** Validates parsed JSON; unknown fields are refused so that a typo does not silently fall back to a default. */
export function parseAgentConfig(json: unknown, file: string): AgentConfig {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new AgentConfigError(file, '(root)', 'must be a JSON object');
  }
  const raw = json as Record<string, unknown>;
  const config = defaultAgentConfig();
  const known = new Set(Object.keys(config));
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) throw new AgentConfigError(file, key, 'is not a known setting');
  }
  if (raw.port !== undefined) config.port = integerIn(file, 'port', raw.port, 1, 65535);
  if (raw.pinCacheSeconds !== undefined) {
    config.pinCacheSeconds = integerIn(
      file,
      'pinCacheSeconds',
      raw.pinCacheSeconds,
      0,
      MAX_PIN_CACHE_SECONDS,
    );
  }
  if (raw.clockToleranceSeconds !== undefined) {
    config.clockToleranceSeconds = integerIn(
      file,
      'clockToleranceSeconds',
      raw.clockToleranceSeconds,
      0,
      600,
    );
  }
  if (raw.modules !== undefined) {
    if (!Array.isArray(raw.modules) || !raw.modules.every((m) => typeof m === 'string' && m.length > 0)) {
      throw new AgentConfigError(file, 'modules', 'must be a list of file paths');
    }
    config.modules = [...(raw.modules as string[])];
  }
  if (raw.rsaScheme !== undefined) {
    if (raw.rsaScheme !== 'pkcs1' && raw.rsaScheme !== 'pss') {
      throw new AgentConfigError(file, 'rsaScheme', 'must be "pkcs1" or "pss"');
    }
    config.rsaScheme = raw.rsaScheme;
  }
  if (raw.servers !== undefined) {
    if (!Array.isArray(raw.servers)) throw new AgentConfigError(file, 'servers', 'must be a list');
    config.servers = raw.servers.map((entry, i) => {
      try {
        const pinned = pinServerKey(entry);
        const pairedAt = (entry as { pairedAt?: unknown }).pairedAt;
        return {
          origin: pinned.origin,
          keyId: pinned.keyId,
          publicKeyPem: (entry as PairingInfo).publicKeyPem,
          pairedAt: typeof pairedAt === 'string' ? pairedAt : '',
        };
      } catch (err) {
        if (err instanceof PairingError) throw new AgentConfigError(file, `servers[${i}]`, err.message);
        throw err;
      }
    });
  }
  return config;
}

/** The pinned keys the request-token verifier uses. */
export function pinnedKeysOf(config: AgentConfig): PinnedServerKey[] {
  return config.servers.map((server) => pinServerKey(server));
}

/** Adds or replaces the server with the same origin (re-pairing after a server key rotation). */
export function withPairedServer(config: AgentConfig, server: PairedServer): AgentConfig {
  return { ...config, servers: [...config.servers.filter((s) => s.origin !== server.origin), server] };
}
