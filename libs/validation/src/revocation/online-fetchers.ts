import {
  type CertificateInfo,
  CrlClient,
  fetchCaIssuers,
  type FetchLike,
  OcspClient,
  TtlCache,
  type Crl,
  type OcspCheckResult,
} from '@kyso/cms';

/**
 * Network access used by validation, behind one small interface so tests (and the native batch core)
 * inject their own. Each call returns raw DER; validation verifies everything itself.
 */
export interface OnlineFetchers {
  /** OCSPResponse DER about `cert` from its AIA responder (or `url`). */
  ocsp(cert: CertificateInfo, issuer: CertificateInfo, url: string, signal?: AbortSignal): Promise<Buffer>;
  /** The CRL DER at `url`, issued by `issuer`. */
  crl(url: string, issuer: CertificateInfo, signal?: AbortSignal): Promise<Buffer>;
  /** The certificates served at the AIA caIssuers URLs of `cert`. */
  caIssuers(cert: CertificateInfo, signal?: AbortSignal): Promise<readonly Buffer[]>;
}

export interface DefaultFetchersOptions {
  readonly timeoutMs?: number;
  /** Injected fetch (tests); default the global fetch. */
  readonly fetch?: FetchLike;
}

/** OnlineFetchers on libs/cms's clients (timeouts, size caps, caches shared by every validation using them). */
export function createOnlineFetchers(options: DefaultFetchersOptions = {}): OnlineFetchers {
  const network = { timeoutMs: options.timeoutMs ?? 5_000, fetch: options.fetch };
  const ocsp = new OcspClient({ ...network, cache: new TtlCache<OcspCheckResult>({ maxEntries: 2_000 }) });
  const crl = new CrlClient({ ...network, cache: new TtlCache<Crl>({ maxEntries: 64 }) });
  const caIssuersCache = new TtlCache<Buffer[]>({ maxEntries: 500 });
  return {
    async ocsp(cert, issuer, url, signal) {
      const result = await ocsp.check({ certificateDer: cert.der, issuerDer: issuer.der, url, signal });
      return result.responseDer;
    },
    async crl(url, issuer, signal) {
      const { crl: fetched } = await crl.fetchCrl({ url, issuerDer: issuer.der, signal });
      return fetched.der;
    },
    async caIssuers(cert, signal) {
      const result = await fetchCaIssuers(cert.der, { ...network, cache: caIssuersCache, signal });
      return result.certificatesDer;
    },
  };
}
