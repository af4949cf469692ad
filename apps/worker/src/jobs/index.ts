import { archiveAugmentationJob } from './archive-augmentation.job';
import type { JobDefinition } from './job-definition';
import { lineageMaintenanceJob } from './lineage-maintenance.job';
import { timestampRenewalJob } from './timestamp-renewal.job';

/**
 * Every job kind the worker consumes. The API enqueues them (`queue.enqueue(name, data, { jobId })`); in the
 * embedded mode the API process registers the same definitions on its in-process queue.
 */
export const jobDefinitions: JobDefinition[] = [
  archiveAugmentationJob as JobDefinition,
  timestampRenewalJob as JobDefinition,
  lineageMaintenanceJob as JobDefinition,
];
