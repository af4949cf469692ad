import { CmsError, CmsErrorCode } from '../cms-error';
import { normalizeSerialHex } from '../asn1/der-values';
import { assertSigningDigest, digest, SigningDigestAlgorithm } from '../algorithms/digest-algorithm';
import { NetworkOptions } from '../net/fetch-like';
import { httpExchange } from '../net/http-exchange';
import { generateNonce, encodeTimeStampRequest } from './timestamp-request';
import { MessageImprint, TimestampProvider } from './timestamp-provider';
import { parseTimeStampResponse } from './timestamp-response';
import { TimestampToken, verifyTimeStampToken } from './timestamp-token';

export interface TsaClientOptions extends NetworkOptions {
  readonly url: string;
  /** Imprint digest, default sha256. */
  readonly digestAlgorithm?: SigningDigestAlgorithm;
  /** Policy OID to request; when set the token must carry it. */
  readonly policy?: string;
  /** Certificates to find the TSA certificate in, if a TSA leaves it out despite certReq. */
  readonly extraCertificates?: readonly Uint8Array[];
  /** Largest accepted distance between genTime and the local clock, default 10 minutes. */
  readonly maxClockSkewMs?: number;
  readonly now?: () => Date;
}

export interface TimestampResult {
  readonly tokenDer: Buffer;
  readonly token: TimestampToken;
  readonly genTime: Date;
  readonly serialHex: string;
  readonly tsaCertificateDer: Buffer;
  readonly status: 'granted' | 'grantedWithMods';
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024;

/**
 * RFC 3161 client over HTTP (RFC 3161 3.4): nonce and certReq on every request; the reply must answer
 * this request (imprint, nonce, policy) and the token must verify and come from a time-stamping key.
 */
export class TsaClient implements TimestampProvider {
  readonly url: string;
  readonly digestAlgorithm: SigningDigestAlgorithm;
  /** Size of the last token received, to size PDF placeholders with estimateSignatureSize. */
  lastTokenSize?: number;

  constructor(private readonly options: TsaClientOptions) {
    this.url = options.url;
    this.digestAlgorithm = assertSigningDigest(options.digestAlgorithm ?? 'sha256');
  }

  /** Time-stamps data (one buffer or parts hashed in order). */
  timestamp(
    data: Uint8Array | readonly Uint8Array[],
    options: { signal?: AbortSignal } = {},
  ): Promise<TimestampResult> {
    return this.timestampImprint(
      { algorithm: this.digestAlgorithm, digest: digest(this.digestAlgorithm, data) },
      options,
    );
  }

  async timestampImprint(
    imprint: MessageImprint,
    options: { signal?: AbortSignal } = {},
  ): Promise<TimestampResult> {
    const nonce = generateNonce();
    const request = encodeTimeStampRequest({
      messageImprint: imprint,
      policy: this.options.policy,
      nonce,
      certReq: true,
    });
    const reply = await httpExchange({
      service: 'tsa',
      url: this.url,
      method: 'POST',
      body: request,
      contentType: 'application/timestamp-query',
      accept: 'application/timestamp-reply',
      headers: this.options.headers,
      timeoutMs: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxResponseBytes: this.options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      offline: this.options.offline,
      fetch: this.options.fetch,
      signal: options.signal,
    });
    const bad = (detail: string, cause?: unknown): CmsError =>
      new CmsError(CmsErrorCode.TsaBadResponse, { url: this.url, detail }, { cause });

    let response;
    try {
      response = parseTimeStampResponse(reply.body);
    } catch (err) {
      const type = reply.contentType ? ` (content-type ${reply.contentType})` : '';
      throw bad(`not a TimeStampResp${type}: ${(err as Error).message}`, err);
    }
    if (response.status !== 'granted' && response.status !== 'grantedWithMods') {
      const why = [...response.failureInfo, ...response.statusText].join('; ');
      throw new CmsError(CmsErrorCode.TsaRejected, {
        url: this.url,
        detail: `status ${response.status}${why ? ` (${why})` : ''}`,
        failureInfo: response.failureInfo,
      });
    }
    if (!response.tokenDer) throw bad('granted without a time-stamp token');

    let verification;
    try {
      verification = verifyTimeStampToken(response.tokenDer, {
        extraCertificates: this.options.extraCertificates,
      });
    } catch (err) {
      throw bad(`unreadable token: ${(err as Error).message}`, err);
    }
    const token = verification.token;
    const mismatch = (detail: string): CmsError =>
      new CmsError(CmsErrorCode.TsaMismatch, { url: this.url, detail });
    if (
      token.messageImprint.algorithm.name !== imprint.algorithm ||
      !token.messageImprint.digest.equals(imprint.digest)
    ) {
      throw mismatch('the token time-stamps a different message imprint');
    }
    if (!token.nonceHex || normalizeSerialHex(token.nonceHex) !== normalizeSerialHex(nonce.toString('hex'))) {
      throw mismatch(token.nonceHex ? 'nonce differs from the request' : 'nonce missing from the token');
    }
    if (this.options.policy && token.policy !== this.options.policy) {
      throw mismatch(`policy ${token.policy} instead of ${this.options.policy}`);
    }
    if (!verification.valid || !verification.tsaCertificate) {
      throw new CmsError(CmsErrorCode.TsaInvalidToken, {
        url: this.url,
        detail: verification.problems.join('; ') || 'TSA certificate not found',
      });
    }
    const now = (this.options.now ?? (() => new Date()))();
    const skew = Math.abs(token.genTime.getTime() - now.getTime());
    if (skew > (this.options.maxClockSkewMs ?? 10 * 60_000)) {
      throw new CmsError(CmsErrorCode.TsaInvalidToken, {
        url: this.url,
        detail: `genTime ${token.genTime.toISOString()} is ${Math.round(skew / 1000)} s away from the local clock`,
      });
    }
    this.lastTokenSize = token.der.length;
    return {
      tokenDer: token.der,
      token,
      genTime: token.genTime,
      serialHex: token.serialHex,
      tsaCertificateDer: verification.tsaCertificate.der,
      status: response.status,
    };
  }
}
