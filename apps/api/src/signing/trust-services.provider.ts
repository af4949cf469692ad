import { CrlClient, OcspClient, TsaClient } from '@kyso/cms';
import type { KysoConfig } from '@kyso/config';
import type { TrustServices } from '@kyso/signing';
import type { Clock } from '../core/clock';
import { CLOCK, CONFIG } from '../core/tokens';

export const TRUST_SERVICES = Symbol('kyso.trustServices');

/** One set of TSA/OCSP/CRL clients for the process, so their caches are shared by every request. */
export const trustServicesProvider = {
  provide: TRUST_SERVICES,
  inject: [CONFIG, CLOCK],
  useFactory: (config: KysoConfig, clock: Clock): TrustServices => ({
    tsa: config.signing.tsaUrl
      ? new TsaClient({ url: config.signing.tsaUrl, offline: config.signing.offline })
      : undefined,
    ocsp: new OcspClient({ offline: config.signing.offline }),
    crl: new CrlClient({ offline: config.signing.offline }),
    now: () => clock.now(),
  }),
};
