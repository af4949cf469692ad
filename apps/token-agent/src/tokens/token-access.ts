import type { AgentCertificateList, DigestAlgorithm, SignatureAlgorithm } from '@kyso/agent-protocol';
import type { Secret } from '@kyso/pkcs11';

export interface TokenSignRequest {
  tokenSerial: string;
  certificateDer: Buffer;
  digestAlgorithm: DigestAlgorithm;
  /** Digest of the to-be-signed bytes, computed by the agent: only the hash goes to the token. */
  digest: Buffer;
  /** A PIN typed just now; without one, the token must still be logged in from an earlier PIN. */
  pin?: Secret;
}

export interface TokenSignature {
  /** RSA: the signature block; ECDSA: DER Ecdsa-Sig-Value. */
  signature: Buffer;
  signatureAlgorithm: SignatureAlgorithm;
}

/**
 * What the agent needs from the USB tokens. The PKCS#11 implementation is the real one; unit tests of
 * the HTTP layer use a software double. Implementations re-enumerate tokens on every call, because the
 * leader may unplug and re-plug a token at any moment.
 */
export interface TokenAccess {
  /** Tokens present now and the end-entity certificates on them (no PIN needed). */
  inventory(): Promise<AgentCertificateList>;
  /** Takes ownership of `request.pin`: it is wiped on failure, or kept for a few minutes on success. */
  sign(request: TokenSignRequest): Promise<TokenSignature>;
  /** Logs out of every token and wipes every held PIN. */
  close(): Promise<void>;
}
