/** One DER tag-length-value: `bytes[contentStart, end)` is its content. */
export interface Tlv {
  readonly tag: number;
  readonly contentStart: number;
  readonly end: number;
}

/**
 * Reads the TLV at `offset` (low tag numbers, definite lengths only), or undefined when the bytes
 * are not one that fits. `minimalLength` demands DER's shortest length form: OpenSSL re-encodes an
 * ECDSA signature and compares, so a longer length form makes the signature invalid there; for
 * keys it decodes BER lengths leniently, and so must we to agree with it.
 */
export function readTlv(bytes: Uint8Array, offset: number, minimalLength: boolean): Tlv | undefined {
  if (offset + 2 > bytes.length) return undefined;
  const tag = bytes[offset];
  if ((tag & 0x1f) === 0x1f) return undefined;
  const first = bytes[offset + 1];
  let length = first;
  let contentStart = offset + 2;
  if (first >= 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 4 || contentStart + count > bytes.length) return undefined;
    length = 0;
    for (let i = 0; i < count; i += 1) length = length * 256 + bytes[contentStart + i];
    if (minimalLength && (length < 0x80 || bytes[contentStart] === 0)) return undefined;
    contentStart += count;
  }
  const end = contentStart + length;
  return end <= bytes.length ? { tag, contentStart, end } : undefined;
}

export const DER_SEQUENCE = 0x30;
export const DER_INTEGER = 0x02;
export const DER_BIT_STRING = 0x03;

/** True when `der` is exactly one SEQUENCE with nothing after it, as d2i_PUBKEY requires of an SPKI. */
export function isSingleSequence(der: Uint8Array): boolean {
  const outer = readTlv(der, 0, false);
  return outer !== undefined && outer.tag === DER_SEQUENCE && outer.end === der.length;
}

/** The subjectPublicKey BIT STRING content of an SPKI (for RSA: the PKCS#1 RSAPublicKey). */
export function spkiPublicKeyBits(der: Uint8Array): Uint8Array | undefined {
  const outer = readTlv(der, 0, false);
  if (outer?.tag !== DER_SEQUENCE) return undefined;
  const algorithm = readTlv(der, outer.contentStart, false);
  if (algorithm?.tag !== DER_SEQUENCE) return undefined;
  const bits = readTlv(der, algorithm.end, false);
  if (bits?.tag !== DER_BIT_STRING || bits.end - bits.contentStart < 1 || der[bits.contentStart] !== 0) {
    return undefined;
  }
  return der.subarray(bits.contentStart + 1, bits.end);
}
