import { CrlClient, OcspClient, type TimestampProvider } from '@kyso/cms';

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

export function defaultTrustServices(
  options: { tsa?: TimestampProvider; offline?: boolean; now?: () => Date } = {},
): TrustServices {
  return {
    tsa: options.tsa,
    ocsp: new OcspClient({ offline: options.offline }),
    crl: new CrlClient({ offline: options.offline }),
    now: options.now ?? (() => new Date()),
  };
}
