import type { DigestAlgorithmName, SignatureAlgorithmRef, SignatureValueCheck } from '@kyso/cms';
import type { ByteSource } from '@kyso/pdf';

/** One contiguous run of bytes of a source: [offset, offset + length). */
export interface ByteSpanToHash {
  readonly offset: number;
  readonly length: number;
}

export interface VerifySignatureRequest {
  /** The exact signed bytes (DER SET of signed attributes, TBSCertificate, ...). */
  readonly data: Uint8Array;
  readonly signature: Uint8Array;
  readonly algorithm: SignatureAlgorithmRef;
  /** Hash to use when the algorithm does not fix one (rsaEncryption, id-ecPublicKey in a SignerInfo). */
  readonly digestAlgorithm?: DigestAlgorithmName;
  /** SubjectPublicKeyInfo DER of the key that should have signed. */
  readonly publicKeySpki: Uint8Array;
}

/**
 * The two expensive operations of validation. node:crypto implements them here
 * ({@link NodeCryptoBackend}); the native batch core plugs in its own implementation without changing
 * anything else. Implementations must not throw for a wrong signature: that is `valid: false`.
 */
export interface CryptoBackend {
  /** Digest of the concatenation of the spans, streamed from the source (never the whole file in memory). */
  hashSpans(
    source: ByteSource,
    spans: readonly ByteSpanToHash[],
    algorithm: DigestAlgorithmName,
    signal?: AbortSignal,
  ): Promise<Buffer>;
  /** Digest of bytes already in memory (signature values, certificates, signed attributes). */
  digest(algorithm: DigestAlgorithmName, data: Uint8Array): Buffer;
  /**
   * Verifies one signature value. Throws a CmsError UNSUPPORTED_ALGORITHM only when the algorithm cannot be
   * verified at all.
   */
  verifySignature(request: VerifySignatureRequest): Promise<SignatureValueCheck>;
}
