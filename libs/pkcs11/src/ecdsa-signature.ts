import { derSequence, derUnsignedInteger } from './der';

/**
 * PKCS#11 CKM_ECDSA returns r‖s, each padded to the curve's byte length (PKCS#11 v2.40 §2.3.1).
 * CMS and X.509 need ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (RFC 3279 §2.2.3).
 */
export function ecdsaRawToDer(raw: Uint8Array): Buffer {
  if (raw.length === 0 || raw.length % 2 !== 0) {
    throw new RangeError(`raw ECDSA signature must be r‖s of equal halves, got ${raw.length} bytes`);
  }
  const half = raw.length / 2;
  const buffer = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  return derSequence(derUnsignedInteger(buffer.subarray(0, half)), derUnsignedInteger(buffer.subarray(half)));
}
