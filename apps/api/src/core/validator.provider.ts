import type { Logger } from 'pino';
import type { KysoConfig } from '@kyso/config';
import { createValidator, type Validator } from '@kyso/validation';
import { loadVerificationSettings } from '../verify/verification-settings';
import type { Clock } from './clock';
import { CLOCK, CONFIG, LOGGER } from './tokens';

export const VALIDATOR = Symbol('kyso.validator');

/**
 * The process's one PAdES validator (trust store, fetchers, caches, clock): POST /verify, the check of received
 * documents and the embedded-mode verification batches all get this instance, so a file gets the same verdict
 * from each. A configured but unreadable trust directory stops start-up here, rather than silently trusting
 * nothing.
 */
export const validatorProvider = {
  provide: VALIDATOR,
  inject: [CONFIG, LOGGER, CLOCK],
  useFactory: async (config: KysoConfig, logger: Logger, clock: Clock): Promise<Validator> =>
    createValidator(await loadVerificationSettings(config.signing, logger), clock),
};
