import { CmsError, CmsErrorCode } from '../cms-error';
import { readCertificate } from '../certificate/certificate-info';
import { NetworkOptions } from '../net/fetch-like';
import { httpExchange, isHttpUrl } from '../net/http-exchange';
import { TtlCache } from '../net/ttl-cache';
import { Crl, parseCrl, verifyCrlSignature } from './crl';
import { CrlReason } from './crl-reason';
import { pemBlocks } from './pem';

export interface CrlClientOptions extends NetworkOptions {
  /** Shared cache of verified CRLs; `false` disables caching. Default: a private cache. */
  readonly cache?: TtlCache<Crl> | false;
  /** Upper bound of a cache entry's life, default 1 hour (never beyond nextUpdate). */
  readonly cacheTtlMs?: number;
  /** Tolerated clock difference for thisUpdate/nextUpdate, default 5 minutes. */
  readonly maxClockSkewMs?: number;
  readonly now?: () => Date;
}

export interface CrlCheckParams {
  readonly certificateDer: Uint8Array;
  readonly issuerDer: Uint8Array;
  /** CRL URL; default the first http(s) URL of the certificate's CRL distribution points. */
  readonly url?: string;
  readonly signal?: AbortSignal;
}

export interface CrlCheckResult {
  readonly url: string;
  /** 'good' means: not listed on a current, correctly signed, complete CRL. */
  readonly status: 'good' | 'revoked';
  readonly revocationTime?: Date;
  readonly revocationReason?: CrlReason;
  readonly invalidityDate?: Date;
  readonly thisUpdate: Date;
  readonly nextUpdate?: Date;
  readonly crlNumber?: bigint;
  /** The CRL DER, ready for a PDF /DSS. */
  readonly crlDer: Buffer;
  readonly fromCache: boolean;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RESPONSE_BYTES = 20 * 1024 * 1024;
const DEFAULT_CACHE_TTL_MS = 60 * 60_000;

/** Downloads CRLs from distribution points, verifies them against the issuing CA, and looks up serials. */
export class CrlClient {
  private readonly cache: TtlCache<Crl> | undefined;

  constructor(private readonly options: CrlClientOptions = {}) {
    this.cache =
      options.cache === false ? undefined : (options.cache ?? new TtlCache<Crl>({ maxEntries: 64 }));
  }

  async check(params: CrlCheckParams): Promise<CrlCheckResult> {
    const cert = readCertificate(params.certificateDer);
    const url = params.url ?? cert.crlUrls.find(isHttpUrl);
    if (!url)
      throw new CmsError(CmsErrorCode.NoUrl, {
        detail: `no CRL distribution point in certificate ${cert.serialHex}`,
      });
    const { crl, fromCache } = await this.fetchCrl({
      url,
      issuerDer: params.issuerDer,
      signal: params.signal,
    });
    const entry = crl.findRevocation(cert.serialHex);
    return {
      url,
      status: entry ? 'revoked' : 'good',
      revocationTime: entry?.revocationDate,
      revocationReason: entry?.reason,
      invalidityDate: entry?.invalidityDate,
      thisUpdate: crl.thisUpdate,
      nextUpdate: crl.nextUpdate,
      crlNumber: crl.crlNumber,
      crlDer: crl.der,
      fromCache,
    };
  }

  /** A verified, current, complete CRL of `issuerDer` from `url` (cached per URL and issuer). */
  async fetchCrl(params: {
    url: string;
    issuerDer: Uint8Array;
    signal?: AbortSignal;
  }): Promise<{ crl: Crl; fromCache: boolean }> {
    const { url } = params;
    const issuer = readCertificate(params.issuerDer);
    const key = `${url}|${issuer.sha256FingerprintHex}`;
    const cached = this.cache?.get(key);
    if (cached) {
      this.assertCurrent(cached, url);
      return { crl: cached, fromCache: true };
    }
    const reply = await httpExchange({
      service: 'crl',
      url,
      method: 'GET',
      accept: 'application/pkix-crl',
      headers: this.options.headers,
      timeoutMs: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxResponseBytes: this.options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      offline: this.options.offline,
      fetch: this.options.fetch,
      signal: params.signal,
    });
    let crl: Crl;
    try {
      crl = parseCrl(pemBlocks(reply.body, 'X509 CRL')[0] ?? reply.body);
    } catch (err) {
      throw new CmsError(
        CmsErrorCode.CrlBadResponse,
        { url, detail: `not a CRL: ${(err as Error).message}` },
        { cause: err },
      );
    }
    if (crl.isDelta)
      throw new CmsError(CmsErrorCode.CrlBadResponse, { url, detail: 'a delta CRL, not a complete one' });
    const check = verifyCrlSignature(crl, issuer);
    if (!check.issuerNameMatches || check.missingCrlSignUsage) {
      throw new CmsError(CmsErrorCode.CrlMismatch, { url, detail: check.reason });
    }
    if (!check.signatureValid)
      throw new CmsError(CmsErrorCode.CrlInvalidSignature, { url, detail: check.reason });
    this.assertCurrent(crl, url);
    if (this.cache) {
      const untilNext = crl.nextUpdate ? crl.nextUpdate.getTime() - this.now().getTime() : Infinity;
      this.cache.set(key, crl, Math.min(this.options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS, untilNext));
    }
    return { crl, fromCache: false };
  }

  private assertCurrent(crl: Crl, url: string): void {
    const now = this.now().getTime();
    const skew = this.options.maxClockSkewMs ?? 5 * 60_000;
    if (crl.thisUpdate.getTime() > now + skew) {
      throw new CmsError(CmsErrorCode.CrlBadResponse, {
        url,
        detail: `thisUpdate ${crl.thisUpdate.toISOString()} is in the future`,
      });
    }
    if (crl.nextUpdate && crl.nextUpdate.getTime() < now - skew) {
      throw new CmsError(CmsErrorCode.CrlBadResponse, {
        url,
        detail: `stale CRL (nextUpdate ${crl.nextUpdate.toISOString()})`,
      });
    }
  }

  private now(): Date {
    return (this.options.now ?? (() => new Date()))();
  }
}
