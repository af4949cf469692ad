import { resolve } from 'node:path';
import { ConfigError } from './config.error';
import type { DatabaseConfig, KysoConfig, QueueConfig, SealSignerConfig } from './config.types';

type Env = Record<string, string | undefined>;

/**
 * Reads the environment once, validates every setting and returns a typed, frozen configuration.
 * This is the only place in kyso that reads process.env; everything else receives this object.
 * Defaults give the embedded mode: SQLite and blobs under ./data, an in-process queue, no external service.
 */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): KysoConfig {
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'], 'development');
  const dataDir = resolve(cwd, str(env, 'KYSO_DATA_DIR', './data'));
  const config: KysoConfig = {
    env: nodeEnv,
    http: {
      host: str(env, 'KYSO_HOST', '127.0.0.1'),
      port: int(env, 'PORT', 3000, 0, 65535),
      maxUploadBytes: int(env, 'KYSO_MAX_UPLOAD_MB', 50, 1, 2048) * 1024 * 1024,
      publicUrl: url(env, 'KYSO_PUBLIC_URL', `http://localhost:${int(env, 'PORT', 3000, 0, 65535)}`),
    },
    log: {
      level: oneOf(
        env,
        'KYSO_LOG_LEVEL',
        ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
        'info',
      ),
    },
    dataDir,
    database: database(env, dataDir, cwd),
    storage: storage(env, dataDir, cwd),
    queue: queue(env),
    auth: {
      jwtSecretFile: resolve(cwd, str(env, 'KYSO_JWT_SECRET_FILE', resolve(dataDir, 'jwt-secret'))),
      jwtTtlSeconds: int(env, 'KYSO_JWT_TTL_SECONDS', 8 * 3600, 60, 30 * 24 * 3600),
      bootstrapAdmin: bootstrapAdmin(env),
    },
    schedule: {
      tickMs: int(env, 'KYSO_SCHEDULER_TICK_MS', 15_000, 100, 600_000),
      periodMs: int(env, 'KYSO_SCHEDULE_PERIOD_MS', 0, 0, 86_400_000),
    },
    signing: {
      seal: sealSigner(env, cwd),
      tsaUrl: optionalUrl(env, 'KYSO_TSA_URL'),
      trustDirs: list(env, 'KYSO_TRUST').map((p) => resolve(cwd, p)),
      offline: bool(env, 'KYSO_OFFLINE', false),
      devTrustServices: bool(env, 'KYSO_DEV_TRUST_SERVICES', false),
      agentUrl: url(env, 'KYSO_AGENT_URL', 'http://127.0.0.1:8988'),
    },
  };
  return deepFreeze(config);
}

function str(env: Env, name: string, fallback: string): string {
  const v = env[name];
  return v === undefined || v === '' ? fallback : v;
}

function required(env: Env, name: string, fix: string): string {
  const v = env[name];
  if (v === undefined || v === '') throw new ConfigError(name, 'is required', fix);
  return v;
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim()))
    throw new ConfigError(name, `"${raw}" is not a whole number`, `Use a number from ${min} to ${max}.`);
  const n = Number(raw);
  if (n < min || n > max)
    throw new ConfigError(name, `${n} is out of range`, `Use a number from ${min} to ${max}.`);
  return n;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `"${env[name]}" is not a boolean`, 'Use true or false.');
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `unknown value "${raw}"`, `Use one of: ${allowed.join(', ')}.`);
  }
  return raw as T;
}

function url(env: Env, name: string, fallback: string): string {
  return optionalUrl(env, name) ?? fallback;
}

function optionalUrl(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  try {
    const u = new URL(raw);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
    return raw;
  } catch {
    throw new ConfigError(
      name,
      `"${raw}" is not an http(s) URL`,
      'Give a full URL such as http://127.0.0.1:39080/tsa.',
    );
  }
}

function list(env: Env, name: string): string[] {
  return (env[name] ?? '')
    .split(/[,:;]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function database(env: Env, dataDir: string, cwd: string): DatabaseConfig {
  const raw = env.DATABASE_URL;
  if (raw === undefined || raw === '') {
    const file = resolve(dataDir, 'kyso.sqlite');
    return { kind: 'sqlite', file, url: `sqlite:${file}` };
  }
  if (raw.startsWith('sqlite:')) {
    const path = raw.slice('sqlite:'.length);
    if (!path)
      throw new ConfigError('DATABASE_URL', 'sqlite: needs a file path', 'Use sqlite:./data/kyso.sqlite.');
    return { kind: 'sqlite', file: resolve(cwd, path), url: raw };
  }
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(
      'DATABASE_URL',
      `"${redactUrl(raw)}" is not a URL`,
      'Use postgres://user@host:5432/db or sqlite:./data/kyso.sqlite.',
    );
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new ConfigError(
      'DATABASE_URL',
      `unsupported database "${parsed.protocol.replace(':', '')}"`,
      'Use postgres://… or sqlite:….',
    );
  }
  if (!parsed.hostname)
    throw new ConfigError('DATABASE_URL', 'has no host', 'Use postgres://user@host:5432/db.');
  return { kind: 'postgres', url: raw, poolSize: int(env, 'KYSO_DB_POOL', 10, 1, 200) };
}

function storage(env: Env, dataDir: string, cwd: string) {
  const kind = oneOf(env, 'KYSO_STORAGE', ['local'] as const, 'local');
  return { kind, dir: resolve(cwd, str(env, 'KYSO_STORAGE_DIR', resolve(dataDir, 'blobs'))) };
}

/**
 * A Redis key prefix: letters, digits, `_`, `.`, `-`, up to 64 — or that wrapped in braces, a Redis Cluster hash tag
 * that keeps a queue's keys on one node. No `:` (BullMQ's separator) nor spaces, so no prefix is another's prefix.
 */
const REDIS_PREFIX = /^(?:[A-Za-z0-9][A-Za-z0-9_.-]{0,63}|\{[A-Za-z0-9][A-Za-z0-9_.-]{0,63}\})$/;

function redisPrefix(env: Env): string {
  const prefix = str(env, 'KYSO_REDIS_PREFIX', 'kyso');
  if (!REDIS_PREFIX.test(prefix)) {
    throw new ConfigError(
      'KYSO_REDIS_PREFIX',
      `"${prefix}" is not a safe Redis key prefix`,
      'Use up to 64 letters, digits, _ . - (e.g. kyso-xa-an-binh), or {name} on a Redis Cluster.',
    );
  }
  return prefix;
}

function queue(env: Env): QueueConfig {
  const raw = env.REDIS_URL;
  const prefix = redisPrefix(env); // checked without Redis too: a typo should not wait for production to show
  if (raw === undefined || raw === '') return { kind: 'in-process' };
  try {
    const u = new URL(raw);
    if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new Error();
  } catch {
    throw new ConfigError(
      'REDIS_URL',
      `"${redactUrl(raw)}" is not a redis:// URL`,
      'Use redis://127.0.0.1:6379 or leave it empty for the in-process queue.',
    );
  }
  return { kind: 'redis', url: raw, prefix };
}

function bootstrapAdmin(env: Env) {
  const raw = env.KYSO_BOOTSTRAP_ADMIN;
  if (raw === undefined || raw === '') return undefined;
  const i = raw.indexOf(':');
  if (i <= 0 || i === raw.length - 1) {
    throw new ConfigError(
      'KYSO_BOOTSTRAP_ADMIN',
      'must look like user:password',
      'For example KYSO_BOOTSTRAP_ADMIN=admin:a-long-secret.',
    );
  }
  const password = raw.slice(i + 1);
  if (password.length < 8) {
    throw new ConfigError(
      'KYSO_BOOTSTRAP_ADMIN',
      'password is shorter than 8 characters',
      'Choose a longer password.',
    );
  }
  return { username: raw.slice(0, i), password };
}

function sealSigner(env: Env, cwd: string): SealSignerConfig {
  const kind = oneOf(env, 'KYSO_SEAL_SIGNER', ['none', 'pkcs11', 'p12'] as const, 'none');
  switch (kind) {
    case 'none':
      return { kind };
    case 'pkcs11':
      return {
        kind,
        module: required(
          env,
          'KYSO_PKCS11_MODULE',
          'Give the path of the PKCS#11 library, e.g. /usr/lib/softhsm/libsofthsm2.so.',
        ),
        tokenLabel: required(env, 'KYSO_PKCS11_TOKEN', 'Give the label of the organisation token.'),
        keyLabel: required(env, 'KYSO_PKCS11_KEY', 'Give the label of the seal key on the token.'),
        pinFile: resolve(
          cwd,
          required(
            env,
            'KYSO_PKCS11_PIN_FILE',
            'Give a file that holds the token PIN (never the PIN itself).',
          ),
        ),
        sessions: int(env, 'KYSO_PKCS11_SESSIONS', 4, 1, 64),
      };
    case 'p12':
      return {
        kind,
        file: resolve(cwd, required(env, 'KYSO_P12_FILE', 'Give the path of the PKCS#12 file.')),
        passwordFile: resolve(
          cwd,
          required(env, 'KYSO_P12_PASSWORD_FILE', 'Give a file that holds the PKCS#12 password.'),
        ),
      };
  }
}

/** Hides the password part of a URL so that an error line never shows a secret. */
export function redactUrl(raw: string): string {
  return raw.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}
