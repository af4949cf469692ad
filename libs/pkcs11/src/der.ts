/**
 * The few DER primitives this library needs (DigestInfo, ECDSA-Sig-Value, SubjectPublicKeyInfo).
 * Hand-written on purpose: they run on every signature and must not pull an ASN.1 framework
 * into the hot path. Only definite-length, single-byte-tag encodings are supported.
 */

export const DER_TAG = {
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  sequence: 0x30,
} as const;

export function derLength(length: number): Buffer {
  if (!Number.isSafeInteger(length) || length < 0) throw new RangeError(`invalid DER length ${length}`);
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function derTlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), derLength(content.length), content]);
}

export function derSequence(...items: Buffer[]): Buffer {
  return derTlv(DER_TAG.sequence, Buffer.concat(items));
}

export const DER_NULL = Buffer.from([DER_TAG.null, 0x00]);

/** INTEGER from an unsigned big-endian magnitude: minimal length, 0x00 prefix when the high bit is set. */
export function derUnsignedInteger(magnitude: Buffer): Buffer {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  let content = magnitude.length === 0 ? Buffer.from([0]) : magnitude.subarray(start);
  if (content[0] & 0x80) content = Buffer.concat([Buffer.from([0]), content]);
  return derTlv(DER_TAG.integer, content);
}

export function derObjectIdentifier(dotted: string): Buffer {
  const arcs = dotted.split('.').map((arc) => {
    if (!/^\d+$/.test(arc)) throw new RangeError(`invalid OID ${dotted}`);
    return BigInt(arc);
  });
  if (arcs.length < 2) throw new RangeError(`invalid OID ${dotted}`);
  const bytes: number[] = [];
  const encodeArc = (arc: bigint): void => {
    const chunk: number[] = [Number(arc & 0x7fn)];
    for (let rest = arc >> 7n; rest > 0n; rest >>= 7n) chunk.unshift(Number(rest & 0x7fn) | 0x80);
    bytes.push(...chunk);
  };
  encodeArc(arcs[0] * 40n + arcs[1]);
  for (const arc of arcs.slice(2)) encodeArc(arc);
  return derTlv(DER_TAG.oid, Buffer.from(bytes));
}

export function derOctetString(content: Buffer): Buffer {
  return derTlv(DER_TAG.octetString, content);
}

/** BIT STRING with zero unused bits (keys and points are whole bytes). */
export function derBitString(content: Buffer): Buffer {
  return derTlv(DER_TAG.bitString, Buffer.concat([Buffer.from([0]), content]));
}

export interface DerElement {
  tag: number;
  content: Buffer;
  /** Offset just past this element in the input. */
  end: number;
}

/** Reads one TLV at `offset`; throws RangeError on truncated or indefinite-length input. */
export function readDerElement(input: Buffer, offset = 0): DerElement {
  if (offset + 2 > input.length) throw new RangeError('truncated DER element');
  const tag = input[offset];
  let length = input[offset + 1];
  let cursor = offset + 2;
  if (length & 0x80) {
    const lengthBytes = length & 0x7f;
    if (lengthBytes === 0 || lengthBytes > 4) throw new RangeError('unsupported DER length form');
    if (cursor + lengthBytes > input.length) throw new RangeError('truncated DER length');
    length = 0;
    for (let i = 0; i < lengthBytes; i++) length = length * 256 + input[cursor + i];
    cursor += lengthBytes;
  }
  const end = cursor + length;
  if (end > input.length) throw new RangeError('truncated DER content');
  return { tag, content: input.subarray(cursor, end), end };
}
