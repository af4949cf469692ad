// Makes this machine ready for kyso's integration tests: Debian tools, PostgreSQL, Redis.
// Used by `npm test` and `.ci/run`. As root it installs and starts what is missing; otherwise it prints the
// one command to run and exits non-zero.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import net from 'node:net';

const TOOLS = [
  ['softhsm2-util', 'softhsm2'],
  ['pkcs11-tool', 'opensc'],
  ['pdfsig', 'poppler-utils'],
  ['qpdf', 'qpdf'],
  ['mutool', 'mupdf-tools'],
  ['certutil', 'libnss3-tools'],
  ['podofosign', 'libpodofo-utils'],
  ['openssl', 'openssl'],
  // The signing page is tested in a real browser (playwright-core drives Debian's Chromium).
  ['chromium', 'chromium'],
];

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function log(msg) {
  process.stdout.write(`[prepare] ${msg}\n`);
}

export function ensureDebianTools() {
  const missing = TOOLS.filter(([cmd]) => !has(cmd)).map(([, pkg]) => pkg);
  if (missing.length === 0) return;
  const cmd = `apt-get install -y ${[...new Set(missing)].join(' ')}`;
  if (!isRoot) {
    throw new Error(`missing test tools. Run: sudo apt-get update && sudo ${cmd}`);
  }
  log(`installing ${missing.join(', ')}`);
  execFileSync('sh', ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive ${cmd} -qq`], {
    stdio: 'inherit',
  });
}

function portOpen(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const s = net.connect({ port, host });
    s.setTimeout(1000);
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
    s.once('timeout', () => (s.destroy(), resolve(false)));
  });
}

async function waitPort(port, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await portOpen(port)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

export async function ensurePostgres() {
  if (await portOpen(5432)) return;
  const versions = existsSync('/etc/postgresql') ? readdirSync('/etc/postgresql') : [];
  const cmd = `pg_ctlcluster --skip-systemctl-redirect ${versions[0] ?? '$(ls /etc/postgresql)'} main start`;
  if (!isRoot || versions.length === 0)
    throw new Error(`PostgreSQL is not running on 127.0.0.1:5432. Start it with: ${cmd}`);
  log('starting PostgreSQL');
  execFileSync('sh', ['-c', cmd], { stdio: 'inherit' });
  if (!(await waitPort(5432, 20000))) throw new Error(`PostgreSQL did not start. Try: ${cmd}`);
}

export async function ensureRedis() {
  if (await portOpen(6379)) return;
  const cmd = 'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no';
  if (!has('redis-server'))
    throw new Error(`Redis is not running and not installed. Run: apt-get install -y redis-server && ${cmd}`);
  log('starting Redis');
  execFileSync('sh', ['-c', cmd], { stdio: 'inherit' });
  if (!(await waitPort(6379, 10000))) throw new Error(`Redis did not start. Try: ${cmd}`);
}

export async function prepareTestEnv() {
  ensureDebianTools();
  await ensurePostgres();
  await ensureRedis();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  prepareTestEnv().catch((err) => {
    process.stderr.write(`[prepare] ${err.message}\n`);
    process.exit(1);
  });
}
