import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { testPostgresUrl } from '../support/postgres';
import { REPO_ROOT, type SpawnedApi, spawnApi } from '../support/spawn-api';

const WORKER_MAIN = resolve(REPO_ROOT, 'dist/apps/worker/src/main.js');
/** Every job's period, shortened for the test (KYSO_SCHEDULE_PERIOD_MS), and how often each process looks. */
const PERIOD_MS = 1000;
const RUN_FOR_MS = 6000;

function startWorker(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let out = '';
  const child = spawn(process.execPath, [WORKER_MAIN], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, KYSO_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return { child, output: () => out };
}

/**
 * Production mode with two API processes and two workers on one PostgreSQL database and Redis: the workers run the
 * scheduler (the APIs only report it), and the lease rows make every scheduled job run exactly once per period —
 * never twice, and no period skipped while the processes were up.
 */
describe('scheduled jobs across two API processes and two workers', () => {
  const apis: SpawnedApi[] = [];
  const workers: Array<{ child: ChildProcess; output: () => string }> = [];
  let dataDir = '';
  afterAll(async () => {
    await Promise.all(apis.map((a) => a.stop('SIGKILL')));
    for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('runs each job once per period', { timeout: 120_000 }, async () => {
    if (!existsSync(WORKER_MAIN)) throw new Error(`${WORKER_MAIN} is missing: run \`npm run build\` first.`);
    const databaseUrl = await testPostgresUrl('schedule_once');
    dataDir = await mkdtemp(join(tmpdir(), 'kyso-schedule-'));
    const env = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: `redis://127.0.0.1:6379/${2 + (process.pid % 12)}`,
      KYSO_REDIS_PREFIX: `kyso-schedule-${process.pid}`,
      KYSO_DATA_DIR: dataDir,
      KYSO_STORAGE_DIR: join(dataDir, 'blobs'),
      KYSO_DB_POOL: '3',
      KYSO_SCHEDULE_PERIOD_MS: String(PERIOD_MS),
      KYSO_SCHEDULER_TICK_MS: '100',
    };
    apis.push(...(await Promise.all([spawnApi(env), spawnApi(env)])));
    workers.push(startWorker(env), startWorker(env));
    const deadline = Date.now() + 60_000;
    while (!workers.every((w) => w.output().includes('kyso worker ready'))) {
      if (Date.now() > deadline)
        throw new Error(`workers not ready: ${workers.map((w) => w.output()).join('\n')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, RUN_FOR_MS));
    const health = (await (await fetch(`${apis[0].baseUrl}/health`)).json()) as {
      schedule: { runner: string; jobs: Array<{ lastStatus: string | null }> };
    };
    await Promise.all(
      workers.map((w) => new Promise((r) => (w.child.kill('SIGTERM'), w.child.once('exit', r)))),
    );

    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const leases = (
        await db.query<{ name: string; period_key: string; claimed_by: string; status: string }>(
          'SELECT name, period_key, claimed_by, status FROM scheduled_jobs ORDER BY name, period_key',
        )
      ).rows;
      const byJob = new Map<string, typeof leases>();
      for (const l of leases) byJob.set(l.name, [...(byJob.get(l.name) ?? []), l]);
      expect([...byJob.keys()].sort()).toEqual([
        'documents.deadline-sweep',
        'org.lineage-maintenance',
        'org.scheduled-reorganisations',
      ]);
      for (const [name, runs] of byJob) {
        const starts = runs.map((r) => Date.parse(r.period_key));
        // One run per period (the key is the period's start): never two for one period. A period may go unrun only
        // if every process was stalled through all of it, which a loaded test machine can do once in a while.
        expect(new Set(starts).size, name).toBe(runs.length);
        for (let i = 1; i < starts.length; i++) expect((starts[i] - starts[i - 1]) % PERIOD_MS, name).toBe(0);
        expect(runs.length, name).toBeGreaterThanOrEqual(RUN_FOR_MS / PERIOD_MS - 2);
        // Status 'running' only for a period a stopping worker was in.
        expect(
          runs.slice(0, -1).every((r) => r.status === 'ok'),
          `${name}: ${JSON.stringify(runs)}`,
        ).toBe(true);
      }
      // Only the workers run the scheduler in production; both take part.
      const owners = new Set(leases.map((l) => l.claimed_by));
      expect([...owners].every((o) => o.startsWith('worker@'))).toBe(true);
      expect(owners.size).toBe(2);
      const total = leases.length;
      console.log(
        `[schedule] ${total} runs in ${RUN_FOR_MS} ms over ${byJob.size} jobs, by ${owners.size} workers`,
      );
    } finally {
      await db.end();
    }
    expect(health.schedule.runner).toBe('workers');
    expect(health.schedule.jobs.map((j) => j.lastStatus)).toContain('ok');
  });
});
