import type { CryptoBackend } from '../crypto/crypto-backend';
import type { ValidationCache } from '../chain/validation-cache';
import type { OnlineFetchers } from '../revocation/online-fetchers';
import type { TrustStore } from '../trust/trust-store';

/** Hard bounds per document, so hostile files end as an error result, never a hang or an exhausted heap. */
export interface ValidationLimits {
  /** Wall-clock budget for one document, network included (default 60 s). */
  readonly timeMs: number;
  /** Largest file validated (default 512 MiB). */
  readonly maxFileBytes: number;
  /** Signatures and document time-stamps validated per file (default 200). */
  readonly maxSignatures: number;
  /** Certificates accepted in one CMS or in the DSS (default 500). */
  readonly maxCertificates: number;
  /** Size of one /Contents (default 4 MiB of DER). */
  readonly maxCmsBytes: number;
  /** Decoded DSS data (certificates, OCSP responses, CRLs) over all revisions (default 64 MiB). */
  readonly maxValidationDataBytes: number;
  /** Decoded size of any one PDF stream (default 64 MiB): compressed "bombs" stop here. */
  readonly maxDecodedStreamBytes: number;
  /** Objects compared per incremental update during modification analysis (default 50,000). */
  readonly maxObjectsPerUpdate: number;
  /** Incremental updates analysed after a signature (default 500). */
  readonly maxRevisions: number;
  /** Certificates in a chain (default 10). */
  readonly maxChainLength: number;
  /** Nesting of PDF arrays/dictionaries (default 100). */
  readonly maxNestingDepth: number;
}

export const DEFAULT_LIMITS: ValidationLimits = {
  timeMs: 60_000,
  maxFileBytes: 512 * 1024 * 1024,
  maxSignatures: 200,
  maxCertificates: 500,
  maxCmsBytes: 4 * 1024 * 1024,
  maxValidationDataBytes: 64 * 1024 * 1024,
  maxDecodedStreamBytes: 64 * 1024 * 1024,
  maxObjectsPerUpdate: 50_000,
  maxRevisions: 500,
  maxChainLength: 10,
  maxNestingDepth: 100,
};

/** What kyso accepts cryptographically (a small subset of ETSI TS 119 312). */
export interface CryptoPolicy {
  /** SHA-1 (and MD5) digests in signatures are accepted only with proof of existence before this date. */
  readonly sha1AcceptedUntil: Date;
  /** Smallest RSA modulus accepted (bits). */
  readonly minRsaBits: number;
}

export const DEFAULT_CRYPTO_POLICY: CryptoPolicy = {
  sha1AcceptedUntil: new Date('2016-01-01T00:00:00Z'),
  minRsaBits: 1024,
};

/** The signer's certificate as handed to {@link ValidationOptions.describeSigner}. */
export interface SignerCertificateFacts {
  readonly subject: string;
  readonly commonName: string | null;
  readonly organisation: string | null;
  /** Every subject attribute (OID or short name → values), e.g. `UID` or `2.5.4.97` with an organisation code. */
  readonly attributes: Readonly<Record<string, readonly string[]>>;
  readonly serialHex: string;
  readonly issuer: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly sha256: string;
  /** The best signing time established for this signature. */
  readonly signingTime: Date;
}

export interface ValidationOptions {
  /** Certificates trusted as chain ends. Without any, every chain ends INDETERMINATE/NO_CERTIFICATE_CHAIN_FOUND. */
  readonly trustAnchors?: TrustStore;
  /** Validation time (default now): "was this valid at that time?". */
  readonly at?: Date;
  /** No network at all: only data in the document and the caches is used. */
  readonly offline?: boolean;
  /** OCSP, CRL and CA-issuers access; default: libs/cms clients over global fetch. */
  readonly fetchers?: OnlineFetchers;
  /** Per-request network timeout (default 5 s). */
  readonly networkTimeoutMs?: number;
  readonly limits?: Partial<ValidationLimits>;
  readonly cryptoPolicy?: Partial<CryptoPolicy>;
  /** Hashing and signature verification (default node:crypto). */
  readonly crypto?: CryptoBackend;
  /**
   * Shared across the documents of one run: parsed certificates, chain results, revocation answers.
   * Create one with `createValidationCache()` when validating many files.
   */
  readonly cache?: ValidationCache;
  /**
   * Extra line printed under the signer, e.g. the lineage of a merged organisation
   * ("UBND xã A (000.00.xx.Hyy), sáp nhập vào UBND xã C từ 2025-07-01"). Errors thrown here are ignored.
   */
  readonly describeSigner?: (
    signer: SignerCertificateFacts,
  ) => string | undefined | Promise<string | undefined>;
  /** Cancels the validation (the result is then an error result). */
  readonly signal?: AbortSignal;
  /** Clock for elapsed-time measurement and the default validation time (tests). */
  readonly now?: () => Date;
}
