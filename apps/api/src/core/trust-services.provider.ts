import type { KysoConfig } from '@kyso/config';
import { createTrustServices, type TrustServices } from '@kyso/signing';
import type { Clock } from './clock';
import { CLOCK, CONFIG } from './tokens';

export const TRUST_SERVICES = Symbol('kyso.trustServices');

/**
 * The process's one set of TSA/OCSP/CRL clients: seal signing, leader signing sessions and archive runs all get
 * this instance, so the clients' caches are shared by every request.
 */
export const trustServicesProvider = {
  provide: TRUST_SERVICES,
  inject: [CONFIG, CLOCK],
  useFactory: (config: KysoConfig, clock: Clock): TrustServices =>
    createTrustServices({ tsaUrl: config.signing.tsaUrl, offline: config.signing.offline }, clock),
};
