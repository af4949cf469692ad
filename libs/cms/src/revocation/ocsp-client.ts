import { CmsError, CmsErrorCode } from '../cms-error';
import { normalizeSerialHex } from '../asn1/der-values';
import { octetString } from '../asn1/der-writer';
import { DigestAlgorithmName } from '../algorithms/digest-algorithm';
import { CertificateInfo, readCertificate } from '../certificate/certificate-info';
import { NetworkOptions } from '../net/fetch-like';
import { httpExchange, isHttpUrl } from '../net/http-exchange';
import { TtlCache } from '../net/ttl-cache';
import { CrlReason } from './crl-reason';
import { buildOcspRequest, certIdFor } from './ocsp-request';
import { BasicOcspResponse, OcspSingleResponse, parseOcspResponse } from './ocsp-response';
import { verifyOcspResponseSignature } from './ocsp-response-verifier';

export interface OcspClientOptions extends NetworkOptions {
  /** CertID hash, default sha1 (universally supported). */
  readonly certIdHashAlgorithm?: DigestAlgorithmName;
  /** Send a nonce (default true). */
  readonly useNonce?: boolean;
  /** Fail when the responder does not echo the nonce (default false: many CDN-cached responders do not). */
  readonly requireNonce?: boolean;
  /** Shared cache; `false` disables caching. Default: a private cache. */
  readonly cache?: TtlCache<OcspCheckResult> | false;
  /** Upper bound of a cache entry's life, default 5 minutes (never beyond nextUpdate). */
  readonly cacheTtlMs?: number;
  /** Tolerated clock difference for thisUpdate/nextUpdate, default 5 minutes. */
  readonly maxClockSkewMs?: number;
  readonly now?: () => Date;
}

export interface OcspCheckParams {
  readonly certificateDer: Uint8Array;
  readonly issuerDer: Uint8Array;
  /** Responder URL; default the first http(s) OCSP URL in the certificate's AIA. */
  readonly url?: string;
  readonly signal?: AbortSignal;
}

export interface OcspCheckResult {
  readonly url: string;
  readonly status: 'good' | 'revoked' | 'unknown';
  readonly revocationTime?: Date;
  readonly revocationReason?: CrlReason;
  readonly thisUpdate: Date;
  readonly nextUpdate?: Date;
  readonly producedAt: Date;
  /** Full OCSPResponse DER, ready for a PDF /DSS. */
  readonly responseDer: Buffer;
  readonly responder: 'issuer' | 'delegated';
  readonly responderCertificateDer?: Buffer;
  readonly nonce: 'matched' | 'absent' | 'not-requested';
  readonly fromCache: boolean;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024;
const DEFAULT_CACHE_TTL_MS = 5 * 60_000;

/** RFC 6960 client: builds the request, POSTs it, and accepts only a signed, fresh answer about this certificate. */
export class OcspClient {
  private readonly cache: TtlCache<OcspCheckResult> | undefined;

  constructor(private readonly options: OcspClientOptions = {}) {
    this.cache = options.cache === false ? undefined : (options.cache ?? new TtlCache<OcspCheckResult>());
  }

  async check(params: OcspCheckParams): Promise<OcspCheckResult> {
    const cert = readCertificate(params.certificateDer);
    const issuer = readCertificate(params.issuerDer);
    const url = params.url ?? cert.ocspUrls.find(isHttpUrl);
    if (!url) {
      throw new CmsError(CmsErrorCode.NoUrl, { detail: `no OCSP URL in certificate ${cert.serialHex}` });
    }
    const key = `${url}|${issuer.sha256FingerprintHex}|${normalizeSerialHex(cert.serialHex)}`;
    const cached = this.cache?.get(key);
    if (cached) return { ...cached, fromCache: true };

    const request = buildOcspRequest({
      certificate: cert,
      issuer,
      hashAlgorithm: this.options.certIdHashAlgorithm,
      nonce: this.options.useNonce === false ? false : undefined,
    });
    const reply = await httpExchange({
      service: 'ocsp',
      url,
      method: 'POST',
      body: request.der,
      contentType: 'application/ocsp-request',
      accept: 'application/ocsp-response',
      headers: this.options.headers,
      timeoutMs: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxResponseBytes: this.options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      offline: this.options.offline,
      fetch: this.options.fetch,
      signal: params.signal,
    });
    const result = this.evaluate(reply.body, url, cert, issuer, request.nonce);
    if (this.cache) {
      const now = this.now().getTime();
      const untilNext = result.nextUpdate ? result.nextUpdate.getTime() - now : Infinity;
      this.cache.set(key, result, Math.min(this.options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS, untilNext));
    }
    return result;
  }

  private evaluate(
    body: Buffer,
    url: string,
    cert: CertificateInfo,
    issuer: CertificateInfo,
    nonce: Buffer | undefined,
  ): OcspCheckResult {
    const fail = (code: CmsErrorCode, detail: string, cause?: unknown): CmsError =>
      new CmsError(code, { url, detail }, { cause });
    let response;
    try {
      response = parseOcspResponse(body);
    } catch (err) {
      throw fail(CmsErrorCode.OcspBadResponse, `not an OCSPResponse: ${(err as Error).message}`, err);
    }
    if (response.status !== 'successful' || !response.basic) {
      throw fail(CmsErrorCode.OcspRejected, `responseStatus ${response.status}`);
    }
    const basic = response.basic;
    const single = findSingleResponse(basic, cert, issuer);
    if (!single) throw fail(CmsErrorCode.OcspMismatch, 'the response does not answer for this certificate');

    let nonceState: OcspCheckResult['nonce'] = nonce ? 'absent' : 'not-requested';
    if (nonce && basic.nonceExtensionValue) {
      // Compare the whole extnValue: responders echo the OCTET STRING-wrapped nonce (RFC 8954).
      const sent = octetString(nonce);
      if (!basic.nonceExtensionValue.equals(sent) && !basic.nonceExtensionValue.equals(nonce)) {
        throw fail(CmsErrorCode.OcspMismatch, 'nonce differs from the request');
      }
      nonceState = 'matched';
    } else if (nonce && this.options.requireNonce) {
      throw fail(CmsErrorCode.OcspMismatch, 'the responder did not echo the nonce');
    }

    const signature = verifyOcspResponseSignature(basic, issuer);
    if (!signature.valid) {
      const code =
        signature.failure === 'unauthorized'
          ? CmsErrorCode.OcspUnauthorizedResponder
          : CmsErrorCode.OcspInvalidSignature;
      throw fail(code, signature.reason ?? 'invalid signature');
    }

    const now = this.now().getTime();
    const skew = this.options.maxClockSkewMs ?? 5 * 60_000;
    if (single.thisUpdate.getTime() > now + skew) {
      throw fail(
        CmsErrorCode.OcspBadResponse,
        `thisUpdate ${single.thisUpdate.toISOString()} is in the future`,
      );
    }
    if (single.nextUpdate && single.nextUpdate.getTime() < now - skew) {
      throw fail(
        CmsErrorCode.OcspBadResponse,
        `stale response (nextUpdate ${single.nextUpdate.toISOString()})`,
      );
    }
    return {
      url,
      status: single.status,
      revocationTime: single.revocationTime,
      revocationReason: single.revocationReason,
      thisUpdate: single.thisUpdate,
      nextUpdate: single.nextUpdate,
      producedAt: basic.producedAt,
      responseDer: response.der,
      responder: signature.responder === 'delegated' ? 'delegated' : 'issuer',
      responderCertificateDer: signature.responderCertificateDer,
      nonce: nonceState,
      fromCache: false,
    };
  }

  private now(): Date {
    return (this.options.now ?? (() => new Date()))();
  }
}

/** The SingleResponse about `cert`, recomputing the CertID with whatever hash the responder used. */
export function findSingleResponse(
  basic: BasicOcspResponse,
  cert: CertificateInfo,
  issuer: CertificateInfo,
): OcspSingleResponse | undefined {
  return basic.responses.find((r) => {
    const alg = r.certId.hashAlgorithm.name;
    if (!alg) return false;
    const expected = certIdFor(cert, issuer, alg);
    return (
      normalizeSerialHex(r.certId.serialHex) === normalizeSerialHex(expected.serialHex) &&
      r.certId.issuerNameHash.equals(expected.issuerNameHash) &&
      r.certId.issuerKeyHash.equals(expected.issuerKeyHash)
    );
  });
}
