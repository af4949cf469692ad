/**
 * The scheduler over a real SQLite database and a fake clock: one run per job and period across schedulers sharing
 * the database, the outcome kept in the lease row, a failing job recorded as failed, the schedule's last/next run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@kyso/config';
import { openDatabase } from '@kyso/database';
import { DAY_MS, MINUTE_MS, periodOf, VIETNAM_DAY } from './period';
import { type ScheduledJob, Scheduler } from './scheduler';

let dir: string;
let ds: DataSource;
let now = new Date('2025-06-30T16:58:30Z');
const clock = { now: () => new Date(now) };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kyso-scheduler-'));
  ds = await openDatabase(
    loadConfig({ DATABASE_URL: `sqlite:${join(dir, 'kyso.sqlite')}`, KYSO_DATA_DIR: dir }).database,
    { entities: [] },
  );
});

afterAll(async () => {
  await ds?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('periods', () => {
  it('cuts time into periods with a stable key; a Vietnam day starts at 17:00 UTC', () => {
    expect(periodOf(new Date('2025-06-30T16:59:59.999Z'), VIETNAM_DAY)).toEqual({
      key: '2025-06-29T17:00:00.000Z',
      start: new Date('2025-06-29T17:00:00.000Z'),
      next: new Date('2025-06-30T17:00:00.000Z'),
    });
    expect(periodOf(new Date('2025-06-30T17:00:00Z'), VIETNAM_DAY).key).toBe('2025-06-30T17:00:00.000Z');
    expect(periodOf(new Date('2025-06-30T17:09:59Z'), { everyMs: 10 * MINUTE_MS }).key).toBe(
      '2025-06-30T17:00:00.000Z',
    );
    expect(() => periodOf(new Date(), { everyMs: 0 })).toThrow(RangeError);
    expect(periodOf(new Date(0), { everyMs: DAY_MS }).next.getTime()).toBe(DAY_MS);
  });
});

describe('Scheduler', () => {
  it('runs each job once per period across schedulers sharing the database', async () => {
    const runs: string[] = [];
    const job = (name: string): ScheduledJob => ({
      name,
      period: { everyMs: MINUTE_MS },
      run: async ({ periodKey }) => {
        runs.push(`${name}@${periodKey}`);
        return { periodKey };
      },
    });
    const make = (owner: string) =>
      new Scheduler({ dataSource: ds, clock, owner, jobs: [job('a.once'), job('b.once')] });
    const [one, two, three] = [make('api-1'), make('api-2'), make('worker-1')];
    const first = await Promise.all([one.tick(), two.tick(), three.tick()]);
    expect(first.flat().filter((o) => o.ran)).toHaveLength(2);
    expect(
      first
        .flat()
        .filter((o) => !o.ran)
        .map((o) => !o.ran && o.why),
    ).toEqual(Array(4).fill('held-elsewhere'));
    // Same period again: nothing runs; next period: each job once more.
    await Promise.all([one.tick(), two.tick(), three.tick()]);
    now = new Date(now.getTime() + MINUTE_MS);
    await Promise.all([three.tick(), two.tick(), one.tick()]);
    expect(runs.sort()).toEqual([
      'a.once@2025-06-30T16:58:00.000Z',
      'a.once@2025-06-30T16:59:00.000Z',
      'b.once@2025-06-30T16:58:00.000Z',
      'b.once@2025-06-30T16:59:00.000Z',
    ]);
    const leases = await ds.query(
      `SELECT name, period_key, status, outcome FROM scheduled_jobs WHERE name IN ('a.once', 'b.once') ORDER BY name, period_key`,
    );
    expect(leases).toHaveLength(4);
    expect(leases.every((l: { status: string }) => l.status === 'ok')).toBe(true);
    expect(JSON.parse(leases[0].outcome)).toEqual({ periodKey: '2025-06-30T16:58:00.000Z' });
  });

  it('records a failing run as failed with its message and shows last and next run', async () => {
    now = new Date('2025-07-01T00:00:10Z');
    const scheduler = new Scheduler({
      dataSource: ds,
      clock,
      owner: 'api-1',
      jobs: [
        {
          name: 'c.fails',
          period: { everyMs: MINUTE_MS },
          run: async () => {
            throw Object.assign(new Error('TSA unavailable'), { code: 'TSA_UNAVAILABLE' });
          },
        },
        { name: 'd.never', period: { everyMs: DAY_MS }, run: async () => ({}) },
      ],
    });
    const before = await scheduler.schedule();
    expect(before.map((s) => [s.name, s.last, s.nextRunAt.toISOString()])).toEqual([
      ['c.fails', null, '2025-07-01T00:00:10.000Z'],
      ['d.never', null, '2025-07-01T00:00:10.000Z'],
    ]);
    const [failed] = await scheduler.tick();
    expect(failed).toMatchObject({
      ran: true,
      status: 'failed',
      outcome: { error: 'TSA unavailable', code: 'TSA_UNAVAILABLE' },
    });
    const after = await scheduler.schedule();
    expect(after[0].last).toMatchObject({
      status: 'failed',
      claimedBy: 'api-1',
      periodKey: '2025-07-01T00:00:00.000Z',
    });
    expect(after[0].nextRunAt.toISOString()).toBe('2025-07-01T00:01:00.000Z');
    expect(after[1].nextRunAt.toISOString()).toBe('2025-07-02T00:00:00.000Z');
  });

  it('refuses two jobs of one name and stops cleanly', async () => {
    const job: ScheduledJob = { name: 'x', period: { everyMs: 1000 }, run: async () => ({}) };
    expect(() => new Scheduler({ dataSource: ds, clock, owner: 'o', jobs: [job, job] })).toThrow(
      /declared twice/,
    );
    const s = new Scheduler({ dataSource: ds, clock, owner: 'o', jobs: [job] });
    s.start();
    expect(s.running).toBe(true);
    await s.stop();
    expect(s.running).toBe(false);
    expect(await s.tick()).toEqual([]);
  });
});
