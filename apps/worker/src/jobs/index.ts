import { archiveAugmentationJob } from './archive-augmentation.job';
import type { JobDefinition } from './job-definition';
import { verifyBatchJob } from './verify-batch.job';

/**
 * Every job kind the worker consumes. The API enqueues them (`queue.enqueue(name, data, { jobId })`); in the
 * embedded mode the API process runs the same work itself (ArchiveRunLauncher, VerificationBatchLauncher).
 * Periodic work (lineage maintenance, scheduled reorganisations, deadline sweep, timestamp renewal) is not a queue
 * job: the scheduler (`startScheduler`) runs it, in every worker, once per period across all processes.
 */
export const jobDefinitions: JobDefinition[] = [
  archiveAugmentationJob as JobDefinition,
  verifyBatchJob as JobDefinition,
];
