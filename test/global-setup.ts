// vitest globalSetup of the integration and interop projects: SoftHSM tokens with the test PKI's
// keys, and the test TSA/OCSP/CRL services on the port baked into the certificates' AIA/CDP URLs.
// Workers inherit SOFTHSM2_CONF and KYSO_TEST_TRUST_URL from process.env.
//
// The trust services run in a detached daemon shared by every concurrent test run: each run leases
// it with its pid and releases the lease at teardown; the daemon stops when no live run holds one.
// (A server inside one vitest process would vanish under the other runs when that one finished.)
import { spawn } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../certs-test/src/repo-paths';
import { ensureSoftHsmTokens } from '../certs-test/src/softhsm/softhsm-tokens';
import { DEFAULT_TRUST_PORT } from '../certs-test/src/trust-services/trust-services';
import { startContractLog } from './support/api/contract-summary';

const TRUST_URL = `http://127.0.0.1:${DEFAULT_TRUST_PORT}`;
const START_TIMEOUT_MS = 20_000;

async function answersHealth(): Promise<boolean> {
  try {
    return (await fetch(`${TRUST_URL}/admin/health`, { signal: AbortSignal.timeout(1_000) })).ok;
  } catch {
    return false;
  }
}

function launchDaemon(): void {
  const logDir = join(repoRoot(), 'data', 'trust-services');
  mkdirSync(logDir, { recursive: true });
  const log = openSync(join(logDir, 'daemon.log'), 'a');
  const daemon = spawn(
    process.execPath,
    [
      join(repoRoot(), 'certs-test', 'scripts', 'trust-services-daemon.js'),
      '--port',
      String(DEFAULT_TRUST_PORT),
    ],
    { detached: true, stdio: ['ignore', log, log] },
  );
  daemon.unref();
}

/** 'unsupported': an older in-process server without leases answers; use it as it is. */
async function lease(): Promise<'leased' | 'unsupported' | 'failed'> {
  try {
    const res = await fetch(`${TRUST_URL}/admin/lease`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pid: process.pid }),
      signal: AbortSignal.timeout(2_000),
    });
    return res.ok ? 'leased' : res.status === 404 ? 'unsupported' : 'failed';
  } catch {
    return 'failed';
  }
}

async function leaseTrustServices(): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let lastLaunch = 0;
  while (Date.now() < deadline) {
    // A daemon may be stopping right now: a lease, not just a health answer, proves it will stay.
    if ((await answersHealth()) && (await lease()) !== 'failed') return;
    // The daemon needs a moment to compile and listen; launch again only if that one is gone.
    if (Date.now() - lastLaunch > 5_000) {
      launchDaemon();
      lastLaunch = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(
    `the test trust services did not start on ${TRUST_URL} within ${START_TIMEOUT_MS / 1000} s; ` +
      `see data/trust-services/daemon.log (is another program using port ${DEFAULT_TRUST_PORT}?)`,
  );
}

export default async function setup(): Promise<() => Promise<void>> {
  const hsm = ensureSoftHsmTokens();
  process.env.SOFTHSM2_CONF = hsm.conf;
  await leaseTrustServices();
  process.env.KYSO_TEST_TRUST_URL = TRUST_URL;
  const contractLog = startContractLog();

  return async () => {
    contractLog.report();
    await fetch(`${TRUST_URL}/admin/lease/${process.pid}`, {
      method: 'DELETE',
      signal: AbortSignal.timeout(2_000),
    }).catch(() => undefined);
  };
}
