export type DigestAlgorithm = 'sha256' | 'sha384' | 'sha512';

/** How the signature value is computed; decides the CMS signatureAlgorithm. */
export type SignatureScheme = 'rsa-pkcs1' | 'rsa-pss' | 'ecdsa';

/**
 * The one port every signing key sits behind: a token or HSM (PKCS#11), a software key (PKCS#12) or an external
 * signer (the leader's USB token on another machine). It knows its certificate chain and signs bytes; nothing else.
 */
export interface Signer {
  /** DER of the signer's certificate. */
  readonly certificate: Buffer;
  /** DER certificates from the signer's issuer up towards the root (the root may be omitted). */
  readonly chain: readonly Buffer[];
  readonly scheme: SignatureScheme;
  /**
   * Signs `data` (for PAdES: the DER of the signed attributes) with the digest algorithm given; returns the
   * signature value as CMS carries it (ECDSA as a DER SEQUENCE of r and s).
   */
  sign(data: Buffer, digest: DigestAlgorithm): Promise<Buffer>;
}
