import { hostname } from 'node:os';
import { Scheduler } from '@kyso/queue';
import { scheduledJobs } from '../../api/src/schedule/scheduled-jobs';
import { archiveServices } from './jobs/archive-context';
import type { WorkerContext } from './jobs/job-definition';
import { jobDefinitions } from './jobs';

/** Registers every job definition on the queue; returns the names, for the start-up log. */
export function startWorkers(ctx: WorkerContext): string[] {
  for (const def of jobDefinitions)
    ctx.queue.work(def.name, def.create(ctx), { concurrency: def.concurrency });
  return jobDefinitions.map((d) => d.name);
}

/**
 * The worker's scheduler of periodic jobs, on the wall clock. Every worker starts one; the lease rows make each job
 * run once per period across all of them (and across an embedded API, were one running on the same database).
 */
export function createScheduler(ctx: WorkerContext): Scheduler {
  return new Scheduler({
    dataSource: ctx.dataSource,
    clock: { now: () => new Date() },
    owner: `worker@${hostname()}:${process.pid}`,
    tickMs: ctx.config.schedule.tickMs,
    jobs: scheduledJobs(archiveServices(ctx).scheduled),
    log: (level, message, data) => ctx.logger[level](data, message),
  });
}
