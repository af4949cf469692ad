import type { WorkerContext } from './jobs/job-definition';
import { jobDefinitions } from './jobs';

/** Registers every job definition on the queue; returns the names, for the start-up log. */
export function startWorkers(ctx: WorkerContext): string[] {
  for (const def of jobDefinitions)
    ctx.queue.work(def.name, def.create(ctx), { concurrency: def.concurrency });
  return jobDefinitions.map((d) => d.name);
}
