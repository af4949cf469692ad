import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@kyso/config';
import { BullMqQueue } from './bullmq-queue';
import { createJobQueue } from './create-job-queue';
import { InProcessQueue } from './in-process-queue';
import type { JobQueue, JobStatus } from './job-queue';

const REDIS = process.env.KYSO_TEST_REDIS ?? 'redis://127.0.0.1:6379';

async function until<R>(q: JobQueue, name: string, id: string): Promise<JobStatus<R>> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const s = await q.status<R>(name, id);
    if (s && (s.state === 'completed' || s.state === 'failed')) return s;
    if (Date.now() > deadline) throw new Error(`job ${id} did not finish: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each([
  ['in-process', () => new InProcessQueue()],
  ['BullMQ on Redis', () => new BullMqQueue(REDIS, `kyso-test-${randomUUID()}`)],
])('%s queue', (_name, make) => {
  const queues: JobQueue[] = [];
  afterAll(async () => {
    for (const q of queues) await q.close();
  });

  it('runs a job, reports progress and keeps the result', async () => {
    const q = make();
    queues.push(q);
    const seen: unknown[] = [];
    q.work<{ n: number }, number>('square', async ({ n }, ctx) => {
      await ctx.reportProgress({ done: 1, total: 1 });
      seen.push(n);
      return n * n;
    });
    const id = await q.enqueue('square', { n: 7 });
    const s = await until<number>(q, 'square', id);
    expect(s).toMatchObject({ state: 'completed', result: 49, progress: { done: 1, total: 1 } });
    expect(seen).toEqual([7]);
  });

  it('enqueues the same job id only once', async () => {
    const q = make();
    queues.push(q);
    let runs = 0;
    q.work('once', async () => ++runs);
    const a = await q.enqueue('once', {}, { jobId: 'run-2025-07-01' });
    const b = await q.enqueue('once', {}, { jobId: 'run-2025-07-01' });
    expect(a).toBe(b);
    await until(q, 'once', a);
    await new Promise((r) => setTimeout(r, 200));
    expect(runs).toBe(1);
  });

  it('records a failure with its message after the allowed attempts', async () => {
    const q = make();
    queues.push(q);
    let calls = 0;
    q.work('flaky', async () => {
      calls++;
      throw new Error('TSA unavailable');
    });
    const id = await q.enqueue('flaky', {}, { attempts: 1 });
    const s = await until(q, 'flaky', id);
    expect(s).toMatchObject({ state: 'failed', error: 'TSA unavailable' });
    expect(calls).toBe(1);
  });
});

describe('two deployments sharing one Redis (KYSO_REDIS_PREFIX)', () => {
  const queues: JobQueue[] = [];
  const redis = new Redis(REDIS);
  afterAll(async () => {
    for (const q of queues) await q.close();
    redis.disconnect();
  });

  it("never see each other's jobs, even with the same queue name and job id", async () => {
    const run = randomUUID().slice(0, 8);
    const [a, b] = ['a', 'b'].map((x) => {
      const q = createJobQueue(loadConfig({ REDIS_URL: REDIS, KYSO_REDIS_PREFIX: `kyso-${x}-${run}` }).queue);
      queues.push(q);
      return q;
    });
    const seen: Record<'a' | 'b', number[]> = { a: [], b: [] };
    a.work<{ n: number }, number>('verify.batch', async ({ n }) => seen.a.push(n));
    b.work<{ n: number }, number>('verify.batch', async ({ n }) => seen.b.push(n));
    const idA = await a.enqueue('verify.batch', { n: 1 }, { jobId: 'batch-1' });
    const idB = await b.enqueue('verify.batch', { n: 2 }, { jobId: 'batch-1' });
    expect(await until(a, 'verify.batch', idA)).toMatchObject({ state: 'completed' });
    expect(await until(b, 'verify.batch', idB)).toMatchObject({ state: 'completed' });
    await new Promise((r) => setTimeout(r, 200));
    expect(seen).toEqual({ a: [1], b: [2] });
    expect(await redis.keys(`kyso-a-${run}:*`)).not.toHaveLength(0);
    expect(await redis.keys(`kyso-b-${run}:*`)).not.toHaveLength(0);
  });
});
