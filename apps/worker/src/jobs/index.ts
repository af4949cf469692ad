import { archiveAugmentationJob } from './archive-augmentation.job';
import type { JobDefinition } from './job-definition';
import { lineageMaintenanceJob } from './lineage-maintenance.job';
import { timestampRenewalJob } from './timestamp-renewal.job';
import { verifyBatchJob } from './verify-batch.job';

/**
 * Every job kind the worker consumes. The API enqueues them (`queue.enqueue(name, data, { jobId })`); in the
 * embedded mode the API process runs the same work itself (ArchiveRunLauncher, VerificationBatchLauncher).
 */
export const jobDefinitions: JobDefinition[] = [
  archiveAugmentationJob as JobDefinition,
  timestampRenewalJob as JobDefinition,
  lineageMaintenanceJob as JobDefinition,
  verifyBatchJob as JobDefinition,
];
