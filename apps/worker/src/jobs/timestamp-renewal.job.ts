import { ARCHIVE_AUGMENT_JOB, ArchiveError, ArchiveErrorCode, TIMESTAMP_RENEWAL_JOB } from '@kyso/archive';
import { archiveServices, schedulePeriodic } from './archive-context';
import type { JobDefinition, WorkerContext } from './job-definition';

/**
 * Daily: records until when every stored document's archive timestamp protects it, and starts a renewal run (new
 * document timestamp over everything) for those within the renewal margin. The run itself goes through the
 * resumable augmentation job.
 */
export const timestampRenewalJob: JobDefinition<
  Record<string, never>,
  { scanned: number; renewalRunId: string | null; due: number }
> = {
  name: TIMESTAMP_RENEWAL_JOB,
  concurrency: 1,
  create(ctx: WorkerContext) {
    const services = archiveServices(ctx);
    if (services.renewal)
      schedulePeriodic(ctx, TIMESTAMP_RENEWAL_JOB, {
        everyMs: 24 * 3600_000,
        firstAfterMs: 15 * 60_000,
        periodKey: (now) => now.toISOString().slice(0, 10),
      });
    return async () => {
      if (!services.renewal) throw new ArchiveError(ArchiveErrorCode.TSA_REQUIRED);
      const scan = await services.renewal.scan();
      const run = await services.renewal.startRenewalRun();
      if (run) await ctx.queue.enqueue(ARCHIVE_AUGMENT_JOB, { runId: run.id }, { jobId: run.id });
      return {
        scanned: scan.scanned,
        renewalRunId: run?.id ?? null,
        due: scan.byState.due + scan.byState.unprotected,
      };
    };
  },
};
