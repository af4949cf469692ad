import { CrlClient, OcspClient, type TimestampProvider, TsaClient } from '@kyso/cms';

/**
 * The outside services a signature needs: a TSA for B-T and above, OCSP/CRL for the pre-signing certificate
 * check and for B-LT validation data, and the clock. Injected so tests use the local test TSA/OCSP.
 */
export interface TrustServices {
  tsa?: TimestampProvider;
  ocsp: OcspClient;
  crl: CrlClient;
  now: () => Date;
}

export interface TrustServicesOptions {
  /** RFC 3161 timestamp authority; without one, levels from B-T cannot be produced. */
  tsaUrl?: string;
  /** Never go to the network (no TSA, OCSP or CRL requests). */
  offline?: boolean;
}

/**
 * The TSA, OCSP and CRL clients of one process (API, worker) or one CLI run. Built once by that process's
 * composition root and handed down, so the clients' caches are shared by everything that signs or extends.
 */
export function createTrustServices(options: TrustServicesOptions, clock: { now(): Date }): TrustServices {
  return {
    tsa: options.tsaUrl ? new TsaClient({ url: options.tsaUrl, offline: options.offline }) : undefined,
    ocsp: new OcspClient({ offline: options.offline }),
    crl: new CrlClient({ offline: options.offline }),
    now: () => clock.now(),
  };
}
