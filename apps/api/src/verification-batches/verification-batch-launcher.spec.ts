import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { RunBatchOptions, VerificationBatchService, VerificationBatchView } from '@kyso/archive';
import type { JobQueue } from '@kyso/queue';
import { IN_PROCESS_JOBS, VerificationBatchLauncher } from './verification-batch-launcher';

const logger = pino({ level: 'silent' });

/** A batch service that records what was run, and lets the test decide when a run ends. */
function fakeService(unfinished: string[] = []) {
  const runs: Array<{ id: string; options: RunBatchOptions; finish: () => void }> = [];
  let active = 0;
  let maxActive = 0;
  const service = {
    unfinished: async () => unfinished.map((id) => ({ id })),
    run: (id: string, options: RunBatchOptions) =>
      new Promise<VerificationBatchView>((resolve) => {
        active++;
        maxActive = Math.max(maxActive, active);
        const finish = () => {
          active--;
          resolve({ id, state: 'completed' } as VerificationBatchView);
        };
        runs.push({ id, options, finish });
        options.signal?.addEventListener('abort', finish, { once: true });
      }),
  };
  return { service: service as unknown as VerificationBatchService, runs, maxActive: () => maxActive };
}

const tick = () => new Promise((r) => setTimeout(r, 10));

describe('VerificationBatchLauncher, embedded mode', () => {
  it('runs batches in this process one at a time, each once even when launched twice', async () => {
    const fake = fakeService();
    const launcher = new VerificationBatchLauncher(fake.service, logger);
    expect(launcher.mode).toBe('in-process');
    await launcher.launch('b1');
    await launcher.launch('b2');
    await launcher.launch('b1'); // a retried POST
    await tick();
    expect(fake.runs.map((r) => r.id)).toEqual(['b1']);
    expect(fake.runs[0].options.jobs).toBe(IN_PROCESS_JOBS);
    fake.runs[0].finish();
    await tick();
    expect(fake.runs.map((r) => r.id)).toEqual(['b1', 'b2']);
    fake.runs[1].finish();
    await launcher.idle();
    expect(fake.maxActive()).toBe(1);
    // Once a run has ended, launching the batch again runs it again (the service then does nothing).
    await launcher.launch('b1');
    await tick();
    expect(fake.runs.map((r) => r.id)).toEqual(['b1', 'b2', 'b1']);
    fake.runs[2].finish();
    await launcher.idle();
  });

  it('resumes unfinished batches at start-up and stops the running one at shutdown', async () => {
    const fake = fakeService(['old-1', 'old-2']);
    const launcher = new VerificationBatchLauncher(fake.service, logger);
    await launcher.onApplicationBootstrap();
    await tick();
    expect(fake.runs.map((r) => r.id)).toEqual(['old-1']);
    await launcher.onApplicationShutdown();
    expect(fake.runs[0].options.signal?.aborted).toBe(true);
    // The second was never started: it stays unfinished in the database for the next start.
    expect(fake.runs.map((r) => r.id)).toEqual(['old-1']);
    await launcher.launch('new');
    await tick();
    expect(fake.runs.map((r) => r.id)).toEqual(['old-1']);
  });
});

describe('VerificationBatchLauncher, production mode', () => {
  it('enqueues one job per batch, with the batch id as job id, and runs nothing itself', async () => {
    const fake = fakeService(['left-over']);
    const enqueued: Array<{ name: string; data: unknown; jobId?: string }> = [];
    let closed = false;
    const queue: JobQueue = {
      kind: 'redis',
      enqueue: async (name, data, options = {}) => {
        enqueued.push({ name, data, jobId: options.jobId });
        return options.jobId ?? 'x';
      },
      work: () => undefined,
      status: async () => undefined,
      close: async () => {
        closed = true;
      },
    };
    const launcher = new VerificationBatchLauncher(fake.service, logger, queue);
    expect(launcher.mode).toBe('queued');
    await launcher.onApplicationBootstrap();
    await launcher.launch('b7');
    expect(enqueued).toEqual([{ name: 'verify.batch', data: { batchId: 'b7' }, jobId: 'b7' }]);
    expect(fake.runs).toEqual([]);
    await launcher.onApplicationShutdown();
    expect(closed).toBe(true);
  });
});
