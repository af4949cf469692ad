import { CmsError, CmsErrorCode } from '../cms-error';
import { CertificateInfo, readCertificate } from '../certificate/certificate-info';
import { checkIssuedBy } from '../certificate/issued-by';
import { NetworkOptions } from '../net/fetch-like';
import { httpExchange, isHttpUrl } from '../net/http-exchange';
import { TtlCache } from '../net/ttl-cache';
import { parseSignedData } from '../signed-data/signed-data-parser';
import { pemBlocks } from './pem';

export interface FetchCaIssuersOptions extends NetworkOptions {
  /** Cache of downloaded certificate lists keyed by URL (shared across calls when the caller keeps it). */
  readonly cache?: TtlCache<Buffer[]>;
  /** Default 24 hours: CA certificates change rarely. */
  readonly cacheTtlMs?: number;
  readonly signal?: AbortSignal;
}

export interface CaIssuersResult {
  readonly url: string;
  /** Every certificate the URL served (DER .cer, PEM, or a PKCS#7 certs-only bundle). */
  readonly certificatesDer: readonly Buffer[];
  /** The one that really issued the certificate (name chains and signature verifies), if any. */
  readonly issuerCertificateDer?: Buffer;
  readonly fromCache: boolean;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
const DEFAULT_CACHE_TTL_MS = 24 * 60 * 60_000;

/**
 * Downloads the issuer certificate(s) named in a certificate's AIA caIssuers (RFC 5280 4.2.2.1), trying
 * each http(s) URL in order. Fails with NO_URL, OFFLINE, CA_ISSUERS_UNAVAILABLE or CA_ISSUERS_BAD_RESPONSE.
 */
export async function fetchCaIssuers(
  certificateDer: Uint8Array,
  options: FetchCaIssuersOptions = {},
): Promise<CaIssuersResult> {
  const cert = readCertificate(certificateDer);
  const urls = cert.caIssuersUrls.filter(isHttpUrl);
  if (urls.length === 0)
    throw new CmsError(CmsErrorCode.NoUrl, { detail: `no caIssuers URL in certificate ${cert.serialHex}` });
  let lastError: unknown;
  for (const url of urls) {
    try {
      return await fetchOne(url, cert, options);
    } catch (err) {
      if (CmsError.is(err, CmsErrorCode.Offline)) throw err;
      lastError = err;
    }
  }
  throw lastError;
}

async function fetchOne(
  url: string,
  cert: CertificateInfo,
  options: FetchCaIssuersOptions,
): Promise<CaIssuersResult> {
  const cached = options.cache?.get(url);
  if (cached) return result(url, cached, cert, true);
  const reply = await httpExchange({
    service: 'ca-issuers',
    url,
    method: 'GET',
    accept: 'application/pkix-cert, application/pkcs7-mime',
    headers: options.headers,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    offline: options.offline,
    fetch: options.fetch,
    signal: options.signal,
  });
  let certs: Buffer[];
  try {
    certs = decodeCertificates(reply.body);
  } catch (err) {
    throw new CmsError(
      CmsErrorCode.CaIssuersBadResponse,
      { url, detail: (err as Error).message },
      { cause: err },
    );
  }
  if (certs.length === 0)
    throw new CmsError(CmsErrorCode.CaIssuersBadResponse, { url, detail: 'no certificate in the response' });
  options.cache?.set(url, certs, options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS);
  return result(url, certs, cert, false);
}

function result(url: string, certs: Buffer[], cert: CertificateInfo, fromCache: boolean): CaIssuersResult {
  const issuerCertificateDer = certs.find((c) => checkIssuedBy(cert, c).issued);
  return { url, certificatesDer: certs, issuerCertificateDer, fromCache };
}

/** DER certificate, PEM certificates, or PKCS#7 certs-only (DER or PEM). */
export function decodeCertificates(body: Buffer): Buffer[] {
  const pemCerts = pemBlocks(body, 'CERTIFICATE');
  const pemP7 = [...pemBlocks(body, 'PKCS7'), ...pemBlocks(body, 'CMS')];
  const ders = pemCerts.length || pemP7.length ? [...pemCerts, ...pemP7] : [body];
  const out: Buffer[] = [];
  for (const der of ders) {
    try {
      out.push(readCertificate(der).der);
    } catch {
      out.push(...parseSignedData(der).certificates.map((c) => readCertificate(c).der));
    }
  }
  return out;
}
