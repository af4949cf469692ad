import { type CertificateInfo, readCertificate } from '@kyso/cms';
import { BoundedMap } from '@kyso/common';
import type { EvidenceResult } from '../revocation/revocation-evidence';

/**
 * Memory shared by the validations of one run (a CLI invocation over many files, one API process):
 * certificate-signature checks, chains that reached a trust anchor, downloaded
 * issuer certificates (online OCSP/CRL answers are cached by the libs/cms clients of the fetchers).
 * Everything is keyed by content, so sharing is always safe.
 * Sizes are bounded; the oldest entries are dropped first.
 */
export interface ValidationCache {
  /** `${child sha256}>${issuer sha256}` → the issuer's key verifies the child's signature. */
  readonly certificateSignatures: BoundedMap<boolean>;
  /** Certificates downloaded from the AIA caIssuers URLs of a certificate (by its sha256; failures are not cached). */
  readonly caIssuers: BoundedMap<readonly Buffer[]>;
  /** Verified OCSP/CRL statements by `kind|sha256 of the DER|certificate>issuer` (the same CRL serves many files). */
  readonly revocationEvidence: BoundedMap<EvidenceResult>;
  /** RSA modulus length (bits) or null, by certificate sha256. */
  readonly keyBits: BoundedMap<number | null>;
}

export function createValidationCache(): ValidationCache {
  return {
    certificateSignatures: new BoundedMap(20_000),
    caIssuers: new BoundedMap(1_000),
    revocationEvidence: new BoundedMap(20_000),
    keyBits: new BoundedMap(20_000),
  };
}

/**
 * A parsed certificate, or null for bytes that are not one (libs/cms parses each certificate once per process).
 */
export function readCertificateOrNull(der: Uint8Array): CertificateInfo | null {
  try {
    return readCertificate(der);
  } catch {
    return null;
  }
}
