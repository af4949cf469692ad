import { systemClock } from '@kyso/org';
import { createTrustServices } from '@kyso/signing';
import { createValidator } from '@kyso/validation';
import { loadVerificationSettings } from '../../api/src/verify/verification-settings';
import type { WorkerContext, WorkerInfrastructure } from './jobs/job-definition';

/**
 * The worker's composition root: builds its trust services and its validator once, on the wall clock, and hands
 * them with the infrastructure to every job. A configured but unreadable trust directory stops start-up here.
 */
export async function createWorkerContext(infra: WorkerInfrastructure): Promise<WorkerContext> {
  const { signing } = infra.config;
  return {
    ...infra,
    trust: createTrustServices({ tsaUrl: signing.tsaUrl, offline: signing.offline }, systemClock),
    validator: createValidator(await loadVerificationSettings(signing, infra.logger), systemClock),
  };
}
