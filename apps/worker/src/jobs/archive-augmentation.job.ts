import {
  ARCHIVE_AUGMENT_JOB,
  type ArchiveAugmentJobData,
  ArchiveError,
  ArchiveErrorCode,
  type RunReport,
} from '@kyso/archive';
import { archiveServices } from './archive-context';
import type { JobDefinition, WorkerContext } from './job-definition';

/**
 * Runs a B-LTA augmentation (or renewal) run to the end. The run's state is in the database, so the job carries only
 * its id; at start-up the worker re-enqueues every run a crash left unfinished, and claims held by a dead worker run
 * out by themselves. Several jobs on one run share its documents safely.
 */
export const archiveAugmentationJob: JobDefinition<ArchiveAugmentJobData, RunReport> = {
  name: ARCHIVE_AUGMENT_JOB,
  concurrency: 1,
  create(ctx: WorkerContext) {
    const services = archiveServices(ctx);
    if (services.augmentation) void resumeUnfinishedRuns(ctx);
    else ctx.logger.warn(services.unavailable);
    return async (data, job) => {
      if (!services.augmentation) throw new ArchiveError(ArchiveErrorCode.TSA_REQUIRED);
      const report = await services.augmentation.run(data.runId, {
        worker: `${job.id}@${process.pid}`,
        onProgress: (counts) => job.reportProgress({ ...counts }),
      });
      ctx.logger.info(
        { runId: data.runId, counts: report.counts, failures: report.failures.length },
        'archive run finished',
      );
      return report;
    };
  },
};

async function resumeUnfinishedRuns(ctx: WorkerContext): Promise<void> {
  try {
    const runs = await archiveServices(ctx).augmentation!.unfinishedRuns();
    for (const run of runs) {
      await ctx.queue.enqueue(
        ARCHIVE_AUGMENT_JOB,
        { runId: run.id },
        { jobId: `${run.id}.resume.${process.pid}.${Date.now()}` },
      );
    }
    if (runs.length) ctx.logger.info({ runs: runs.map((r) => r.id) }, 'resuming unfinished archive runs');
  } catch (err) {
    ctx.logger.error({ err }, 'could not list unfinished archive runs');
  }
}
