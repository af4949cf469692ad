import { KeyObject } from 'node:crypto';
import { CmsError, CmsErrorCode, malformed } from '../cms-error';
import { contentOf, expectSequence, expectUniversal, readRoot, UniversalTag } from '../asn1/der-reader';
import { sequence, unsignedInteger } from '../asn1/der-writer';

/**
 * PKCS#11 CKM_ECDSA returns r‖s (each padded to the curve size); CMS wants
 * ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (RFC 5753 / X9.62).
 */
export function ecdsaRawToDer(raw: Uint8Array): Buffer {
  if (raw.length === 0 || raw.length % 2 !== 0 || raw.length > 264) {
    throw new CmsError(
      CmsErrorCode.InvalidArgument,
      `raw ECDSA signature of ${raw.length} bytes (must be r‖s)`,
    );
  }
  const half = raw.length / 2;
  return sequence(unsignedInteger(raw.subarray(0, half)), unsignedInteger(raw.subarray(half)));
}

/** DER ECDSA-Sig-Value → r‖s with each half left-padded to `componentLength` bytes (32 for P-256). */
export function ecdsaDerToRaw(der: Uint8Array, componentLength: number): Buffer {
  if (!Number.isInteger(componentLength) || componentLength <= 0 || componentLength > 132) {
    throw new CmsError(CmsErrorCode.InvalidArgument, `component length ${componentLength}`);
  }
  const parts = expectSequence(readRoot(der, 'ECDSA-Sig-Value'), 'ECDSA-Sig-Value', 3);
  if (parts.length !== 2) throw malformed('ECDSA-Sig-Value must hold exactly r and s');
  const out = Buffer.alloc(componentLength * 2);
  parts.forEach((part, i) => {
    const bytes = contentOf(expectUniversal(part, UniversalTag.Integer, i === 0 ? 'r' : 's'));
    if (bytes.length === 0 || bytes[0] & 0x80) throw malformed('ECDSA r and s must be positive');
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start++;
    const magnitude = bytes.subarray(start);
    if (magnitude.length > componentLength) throw malformed('ECDSA component larger than the curve size');
    out.set(magnitude, (i + 1) * componentLength - magnitude.length);
  });
  return out;
}

/** True when `der` is one well-formed ECDSA-Sig-Value and nothing else. */
export function isDerEcdsaSignature(der: Uint8Array): boolean {
  try {
    const parts = expectSequence(readRoot(der, 'ECDSA-Sig-Value'), 'ECDSA-Sig-Value', 3);
    return (
      parts.length === 2 &&
      parts.every((p) => {
        const c = contentOf(expectUniversal(p, UniversalTag.Integer, 'r/s'));
        return c.length > 0 && (c[0] & 0x80) === 0;
      })
    );
  } catch {
    return false;
  }
}

const CURVE_BYTES: Record<string, number> = {
  prime256v1: 32,
  'P-256': 32,
  secp256k1: 32,
  secp384r1: 48,
  'P-384': 48,
  secp521r1: 66,
  'P-521': 66,
  brainpoolP256r1: 32,
  brainpoolP384r1: 48,
  brainpoolP512r1: 64,
};

/** Size of r (and of s) for an EC public or private key. */
export function ecdsaComponentLength(key: KeyObject): number {
  const curve = key.asymmetricKeyDetails?.namedCurve;
  const bytes = curve ? CURVE_BYTES[curve] : undefined;
  if (key.asymmetricKeyType !== 'ec' || bytes === undefined) {
    throw new CmsError(CmsErrorCode.UnsupportedAlgorithm, `EC key on curve ${curve ?? 'unknown'}`);
  }
  return bytes;
}
