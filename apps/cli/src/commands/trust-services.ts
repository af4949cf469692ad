import { CrlClient, OcspClient, TsaClient } from '@kyso/cms';
import type { TrustServices } from '@kyso/signing';

/** TSA, OCSP and CRL clients for one CLI run (their caches live as long as the run). */
export function cliTrustServices(options: { tsa?: string; offline?: boolean }): TrustServices {
  return {
    tsa: options.tsa ? new TsaClient({ url: options.tsa, offline: options.offline }) : undefined,
    ocsp: new OcspClient({ offline: options.offline }),
    crl: new CrlClient({ offline: options.offline }),
    now: () => new Date(),
  };
}
