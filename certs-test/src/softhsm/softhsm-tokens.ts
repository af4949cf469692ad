import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../repo-paths';
import { testPki, type TestPkiEntityName } from '../test-pki';

export const SOFTHSM_INSTALL_HINT = 'softhsm2 is not installed: apt-get install -y softhsm2 opensc';

const MODULE_CANDIDATES = [
  '/usr/lib/softhsm/libsofthsm2.so',
  '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so',
];
const LOCK_TIMEOUT_MS = 60_000;
const STALE_LOCK_MS = 120_000;

export enum SoftHsmErrorCode {
  NotInstalled = 'SOFTHSM_NOT_INSTALLED',
  ProvisioningFailed = 'SOFTHSM_PROVISIONING_FAILED',
  LockTimeout = 'SOFTHSM_LOCK_TIMEOUT',
}

export class SoftHsmError extends Error {
  constructor(
    readonly code: SoftHsmErrorCode,
    message: string,
    readonly messageVi: string,
  ) {
    super(message);
    this.name = 'SoftHsmError';
  }
}

export type SoftHsmTokenName = 'leader' | 'orgHsm';

export interface SoftHsmToken {
  label: string;
  pin: string;
  soPin: string;
}

export interface SoftHsmKey {
  token: SoftHsmTokenName;
  tokenLabel: string;
  /** CKA_ID as hex, shared by the private key and its certificate. */
  id: string;
  /** CKA_LABEL, shared by the private key and its certificate. */
  label: string;
  entity: TestPkiEntityName;
  keyType: 'rsa' | 'ec';
  certDer: Buffer;
}

export type SoftHsmKeyName = 'leaderRsa' | 'leaderEc' | 'sealA' | 'sealB' | 'sealC';

export interface SoftHsmSetup {
  /** Path of the SoftHSM PKCS#11 module. */
  module: string;
  /** The private SOFTHSM2_CONF (never the system one). */
  conf: string;
  tokenDir: string;
  /** Ready to spread into a child process environment. */
  env: { SOFTHSM2_CONF: string };
  tokens: Record<SoftHsmTokenName, SoftHsmToken>;
  keys: Record<SoftHsmKeyName, SoftHsmKey>;
  /** True when this call (re)created the tokens, false when they were already right. */
  provisioned: boolean;
}

// Test-only PINs, documented in certs-test/README.md.
const TOKENS: Record<SoftHsmTokenName, SoftHsmToken> = {
  leader: { label: 'leader', pin: '1234', soPin: '5678' },
  orgHsm: { label: 'org-hsm', pin: '1234', soPin: '5678' },
};

const KEYS: Record<SoftHsmKeyName, { token: SoftHsmTokenName; id: string; label: string }> = {
  leaderRsa: { token: 'leader', id: '01', label: 'leader-rsa' },
  leaderEc: { token: 'leader', id: '02', label: 'leader-ec' },
  sealA: { token: 'orgHsm', id: '0a', label: 'seal-a' },
  sealB: { token: 'orgHsm', id: '0b', label: 'seal-b' },
  sealC: { token: 'orgHsm', id: '0c', label: 'seal-c' },
};

export interface EnsureSoftHsmOptions {
  /** Where softhsm2.conf and tokens/ live; default `<repo>/data/softhsm`. */
  dir?: string;
  module?: string;
}

/**
 * Makes sure the SoftHSM tokens `leader` and `org-hsm` exist in the repository's private token
 * directory and hold the test PKI's keys and certificates. Idempotent and fast when nothing
 * changed: a stamp with the PKI's fingerprint plus a listing of the tokens' objects decides.
 * Safe to call from concurrent processes (a lock directory serialises provisioning).
 */
export function ensureSoftHsmTokens(options: EnsureSoftHsmOptions = {}): SoftHsmSetup {
  const module = options.module ?? MODULE_CANDIDATES.find((m) => existsSync(m));
  if (!module || !existsSync(module) || !hasCommand('softhsm2-util') || !hasCommand('pkcs11-tool')) {
    throw new SoftHsmError(
      SoftHsmErrorCode.NotInstalled,
      SOFTHSM_INSTALL_HINT,
      'Chưa cài softhsm2: apt-get install -y softhsm2 opensc',
    );
  }
  const dir = options.dir ?? join(repoRoot(), 'data', 'softhsm');
  const tokenDir = join(dir, 'tokens');
  const conf = join(dir, 'softhsm2.conf');
  mkdirSync(tokenDir, { recursive: true });
  const confText = `# kyso test tokens (certs-test): never the system token directory\ndirectories.tokendir = ${tokenDir}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`;
  if (!existsSync(conf) || readFileSync(conf, 'utf8') !== confText) writeFileSync(conf, confText);

  const pki = testPki();
  const keys = Object.fromEntries(
    Object.entries(KEYS).map(([name, k]) => [
      name,
      {
        token: k.token,
        tokenLabel: TOKENS[k.token].label,
        id: k.id,
        label: k.label,
        entity: name as TestPkiEntityName,
        keyType: pki[name as TestPkiEntityName].keyType,
        certDer: pki[name as TestPkiEntityName].certDer,
      },
    ]),
  ) as Record<SoftHsmKeyName, SoftHsmKey>;
  const setup = (provisioned: boolean): SoftHsmSetup => ({
    module,
    conf,
    tokenDir,
    env: { SOFTHSM2_CONF: conf },
    tokens: TOKENS,
    keys,
    provisioned,
  });

  const tools = new SoftHsmTools(module, conf, dir);
  const stampPath = join(dir, 'provisioned.json');
  const fingerprint = fingerprintOf(keys);
  const isCurrent = () =>
    existsSync(stampPath) && readFileSync(stampPath, 'utf8').trim() === fingerprint && tools.tokensHold(keys);

  if (isCurrent()) return setup(false);
  return withLock(join(dir, '.provision.lock'), () => {
    // Another process may have finished provisioning while we waited for the lock.
    if (isCurrent()) return setup(false);
    rmSync(stampPath, { force: true });
    for (const token of Object.keys(TOKENS) as SoftHsmTokenName[]) {
      const spec = TOKENS[token];
      tools.deleteTokens(spec.label);
      tools.initToken(spec);
      for (const key of Object.values(keys).filter((k) => k.token === token)) {
        tools.importKey(spec, key, pki[key.entity].keyPath);
      }
    }
    if (!tools.tokensHold(keys)) {
      throw new SoftHsmError(
        SoftHsmErrorCode.ProvisioningFailed,
        `SoftHSM tokens in ${tokenDir} do not hold the expected objects after provisioning`,
        `Token SoftHSM trong ${tokenDir} không có đủ khóa và chứng thư sau khi khởi tạo`,
      );
    }
    writeFileSync(stampPath, `${fingerprint}\n`);
    return setup(true);
  });
}

/** Changes whenever a certificate, key type or token layout changes. */
function fingerprintOf(keys: Record<SoftHsmKeyName, SoftHsmKey>): string {
  const hash = createHash('sha256');
  for (const [name, key] of Object.entries(keys)) {
    hash.update(`${name}|${key.tokenLabel}|${key.id}|${key.label}|${key.keyType}|`).update(key.certDer);
  }
  for (const token of Object.values(TOKENS)) hash.update(`${token.label}|${token.pin}|${token.soPin}|`);
  return hash.digest('hex');
}

class SoftHsmTools {
  constructor(
    private readonly module: string,
    private readonly conf: string,
    private readonly workDir: string,
  ) {}

  tokensHold(keys: Record<SoftHsmKeyName, SoftHsmKey>): boolean {
    const labels = this.tokenLabels();
    for (const token of Object.values(TOKENS)) {
      // Exactly one token per label: lookups by label must be unambiguous.
      if (labels.filter((l) => l === token.label).length !== 1) return false;
      const objects = this.listObjects(token);
      for (const key of Object.values(keys).filter((k) => k.tokenLabel === token.label)) {
        for (const kind of ['Private Key Object', 'Certificate Object']) {
          if (!objects.some((o) => o.kind.startsWith(kind) && o.label === key.label && o.id === key.id))
            return false;
        }
      }
    }
    return true;
  }

  deleteTokens(label: string): void {
    while (this.tokenLabels().includes(label)) {
      this.run('softhsm2-util', ['--delete-token', '--token', label]);
    }
  }

  initToken(token: SoftHsmToken): void {
    this.run('softhsm2-util', [
      '--init-token',
      '--free',
      '--label',
      token.label,
      '--pin',
      token.pin,
      '--so-pin',
      token.soPin,
    ]);
  }

  importKey(token: SoftHsmToken, key: SoftHsmKey, keyPemPath: string): void {
    this.run('softhsm2-util', [
      '--import',
      keyPemPath,
      '--token',
      token.label,
      '--label',
      key.label,
      '--id',
      key.id,
      '--pin',
      token.pin,
    ]);
    // pkcs11-tool reads the certificate from a file; it is public, so a scratch file is fine.
    const certPath = join(this.workDir, `.${key.label}.cert.der`);
    writeFileSync(certPath, key.certDer);
    try {
      this.run('pkcs11-tool', [
        '--module',
        this.module,
        '--token-label',
        token.label,
        '--login',
        '--pin',
        token.pin,
        '--write-object',
        certPath,
        '--type',
        'cert',
        '--id',
        key.id,
        '--label',
        key.label,
      ]);
    } finally {
      rmSync(certPath, { force: true });
    }
  }

  private tokenLabels(): string[] {
    const out = this.run('pkcs11-tool', ['--module', this.module, '--list-token-slots']);
    return [...out.matchAll(/token label\s*:\s*(.*)$/gm)].map((m) => m[1].trim());
  }

  private listObjects(token: SoftHsmToken): Array<{ kind: string; label?: string; id?: string }> {
    const out = this.run('pkcs11-tool', [
      '--module',
      this.module,
      '--token-label',
      token.label,
      '--login',
      '--pin',
      token.pin,
      '--list-objects',
    ]);
    const objects: Array<{ kind: string; label?: string; id?: string }> = [];
    for (const line of out.split('\n')) {
      if (/^\S.*Object/.test(line)) objects.push({ kind: line.trim() });
      const field = /^\s+(label|ID):\s*(.*)$/.exec(line);
      const current = objects[objects.length - 1];
      if (field && current) {
        if (field[1] === 'label') current.label = field[2].trim();
        else current.id = field[2].trim().toLowerCase();
      }
    }
    return objects;
  }

  private run(command: string, args: string[]): string {
    try {
      return execFileSync(command, args, {
        env: { ...process.env, SOFTHSM2_CONF: this.conf },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (err) {
      const e = err as { stderr?: string; stdout?: string };
      // Arguments are not echoed: they contain the (test) PINs.
      throw new SoftHsmError(
        SoftHsmErrorCode.ProvisioningFailed,
        `${command} ${args[0]} failed: ${(e.stderr || e.stdout || String(err)).trim()}`,
        `Lệnh ${command} ${args[0]} thất bại`,
      );
    }
  }
}

function hasCommand(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Cross-process mutual exclusion with an atomic mkdir; a lock older than STALE_LOCK_MS is broken. */
function withLock<T>(lockDir: string, body: () => T): T {
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      try {
        if (Date.now() - statSync(lockDir).mtimeMs > STALE_LOCK_MS)
          rmSync(lockDir, { recursive: true, force: true });
      } catch {
        // The holder released it between our mkdir and stat: try again.
      }
      if (Date.now() > deadline) {
        throw new SoftHsmError(
          SoftHsmErrorCode.LockTimeout,
          `timed out waiting for ${lockDir}; remove it if no provisioning is running`,
          `Hết thời gian chờ khóa ${lockDir}`,
        );
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
  try {
    return body();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}
