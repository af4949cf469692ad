import {
  VERIFY_BATCH_JOB,
  VerificationBatchService,
  type VerificationBatchView,
  type VerifyBatchJobData,
} from '@kyso/archive';
import { systemClock } from '@kyso/org';
import type { JobDefinition, WorkerContext } from './job-definition';

/**
 * Runs one verification batch (the API enqueues it with the batch id as job id). The batch's row holds its state,
 * so the job carries only the id and may run any number of times: a batch that ended is left alone, one a crashed
 * worker left `running` starts again from scratch. Progress goes to the row (read by the API) and to the job.
 */
export const verifyBatchJob: JobDefinition<VerifyBatchJobData, VerificationBatchView> = {
  name: VERIFY_BATCH_JOB,
  concurrency: 1,
  create(ctx: WorkerContext) {
    const service = verificationBatchService(ctx);
    void resumeUnfinishedBatches(ctx, service);
    return async (data, job) => {
      const view = await service.run(data.batchId, {
        onProgress: (p) => job.reportProgress({ ...p, counts: { ...p.counts } }),
      });
      ctx.logger.info(
        { batchId: data.batchId, state: view.state, done: view.done, counts: view.counts },
        'verification batch ended',
      );
      return view;
    };
  },
};

/** The batch service over the worker's database, blobs and its one validator. */
export function verificationBatchService(ctx: WorkerContext): VerificationBatchService {
  return new VerificationBatchService({
    dataSource: ctx.dataSource,
    blobStore: ctx.blobStore,
    clock: systemClock,
    validator: ctx.validator,
  });
}

/**
 * At start-up: batches whose job is gone from Redis (never enqueued because the API died first, removed, or failed
 * after stalling twice) get a new job. Batches whose job is still waiting or active are left to BullMQ, which hands
 * a dead worker's active job to another one. The resume job id is fixed per attempt, so workers starting together
 * enqueue it once.
 */
export async function resumeUnfinishedBatches(
  ctx: WorkerContext,
  service: VerificationBatchService,
): Promise<string[]> {
  try {
    const resumed: string[] = [];
    for (const batch of await service.unfinished()) {
      const job = await ctx.queue.status(VERIFY_BATCH_JOB, batch.id);
      if (job && (job.state === 'waiting' || job.state === 'active')) continue;
      await ctx.queue.enqueue(
        VERIFY_BATCH_JOB,
        { batchId: batch.id },
        { jobId: `${batch.id}.resume.${batch.attempt}` },
      );
      resumed.push(batch.id);
    }
    if (resumed.length) ctx.logger.info({ batches: resumed }, 'resuming unfinished verification batches');
    return resumed;
  } catch (err) {
    ctx.logger.error({ err }, 'could not list unfinished verification batches');
    return [];
  }
}
