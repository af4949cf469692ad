/** Hash functions of Circular 15/2025/TT-BKHCN (SHA-256/384/512), in node:crypto spelling. */
export const HASH_ALGORITHMS = ['sha256', 'sha384', 'sha512'] as const;
export type HashAlgorithm = (typeof HASH_ALGORITHMS)[number];

export const DIGEST_LENGTH: Readonly<Record<HashAlgorithm, number>> = { sha256: 32, sha384: 48, sha512: 64 };

export const SIGNATURE_SCHEMES = ['rsa-pkcs1', 'rsa-pss', 'ecdsa'] as const;
export type SignatureScheme = (typeof SIGNATURE_SCHEMES)[number];

/** `rsa-pkcs1-sha256` … `ecdsa-sha512`: RSASSA-PKCS1-v1_5, RSASSA-PSS (MGF1 with the same hash), ECDSA (DER). */
export type SignatureAlgorithm = `${SignatureScheme}-${HashAlgorithm}`;

export const SIGNATURE_ALGORITHMS: readonly SignatureAlgorithm[] = SIGNATURE_SCHEMES.flatMap((scheme) =>
  HASH_ALGORITHMS.map((hash) => `${scheme}-${hash}` as const),
);

export interface ParsedSignatureAlgorithm {
  readonly scheme: SignatureScheme;
  readonly hash: HashAlgorithm;
}

export function isHashAlgorithm(name: unknown): name is HashAlgorithm {
  return typeof name === 'string' && (HASH_ALGORITHMS as readonly string[]).includes(name);
}

export function parseSignatureAlgorithm(name: string): ParsedSignatureAlgorithm | undefined {
  for (const scheme of SIGNATURE_SCHEMES) {
    const hash = name.startsWith(`${scheme}-`) ? name.slice(scheme.length + 1) : undefined;
    if (hash !== undefined) return isHashAlgorithm(hash) ? { scheme, hash } : undefined;
  }
  return undefined;
}
