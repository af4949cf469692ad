import type { CertificateInfo, DigestAlgorithmName } from '@kyso/cms';
import type { ByteSource, PdfReader } from '@kyso/pdf';
import type { CertificatePool } from './chain/certificate-pool';
import { buildChain, type BuiltChain } from './chain/chain-builder';
import type { ValidationCache } from './chain/validation-cache';
import type { ByteSpanToHash, CryptoBackend } from './crypto/crypto-backend';
import type { CryptoPolicy, ValidationLimits } from './options/validation-options';
import type { OnlineFetchers } from './revocation/online-fetchers';
import type { RevocationContext } from './revocation/revocation-checker';
import type { TrustStore } from './trust/trust-store';

/** Everything the checks of one document share. Created by `validatePdf`, never by callers. */
export class DocumentContext {
  private readonly digests = new Map<string, Promise<Buffer>>();
  private readonly chains = new Map<string, Promise<BuiltChain>>();

  constructor(
    readonly source: ByteSource,
    readonly reader: PdfReader,
    readonly crypto: CryptoBackend,
    readonly cache: ValidationCache,
    readonly trust: TrustStore,
    readonly pool: CertificatePool,
    readonly revocation: RevocationContext,
    readonly at: Date,
    readonly limits: ValidationLimits,
    readonly cryptoPolicy: CryptoPolicy,
    readonly signal: AbortSignal,
    /** Undefined when offline. */
    readonly fetchers?: OnlineFetchers,
  ) {}

  /** Digest of byte spans of the file, computed once per (spans, algorithm) in this document. */
  hashSpans(spans: readonly ByteSpanToHash[], algorithm: DigestAlgorithmName): Promise<Buffer> {
    const key = `${algorithm}:${spans.map((s) => `${s.offset}+${s.length}`).join(',')}`;
    let p = this.digests.get(key);
    if (!p) {
      p = this.crypto.hashSpans(this.source, spans, algorithm, this.signal);
      this.digests.set(key, p);
    }
    return p;
  }

  /** The chain of a certificate, built once per document (the pool only grows, so the first answer holds). */
  chainOf(cert: CertificateInfo): Promise<BuiltChain> {
    let p = this.chains.get(cert.sha256FingerprintHex);
    if (!p) {
      p = buildChain(cert, {
        pool: this.pool,
        trust: this.trust,
        crypto: this.crypto,
        cache: this.cache,
        maxLength: this.limits.maxChainLength,
        fetchCaIssuers: this.fetchers ? (c) => this.fetchers!.caIssuers(c, this.signal) : undefined,
      });
      this.chains.set(cert.sha256FingerprintHex, p);
    }
    return p;
  }
}
