import { CmsError, CmsErrorCode } from '../cms-error';

/**
 * Minimal DER writer. Every function returns a complete TLV as a Buffer, so structures are built as
 * nested calls and the bytes that get signed are exactly the bytes that get embedded.
 */

export function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One TLV with a single-octet identifier (all tags used here are < 31). */
export function tlv(identifier: number, ...content: Uint8Array[]): Buffer {
  const body = content.length === 1 ? content[0] : Buffer.concat(content);
  return Buffer.concat([Buffer.from([identifier]), encodeLength(body.length), body]);
}

export function sequence(...items: Uint8Array[]): Buffer {
  return tlv(0x30, ...items);
}

/** SET OF in DER order: elements sorted by their encodings (X.690 11.6). */
export function setOf(items: Uint8Array[]): Buffer {
  return tlv(0x31, ...sortDer(items));
}

export function sortDer(items: Uint8Array[]): Uint8Array[] {
  return [...items].sort((a, b) => Buffer.compare(padTo(a, b.length), padTo(b, a.length)));
}

// X.690 compares as if the shorter octet string were padded with trailing zeros.
function padTo(a: Uint8Array, length: number): Buffer {
  if (a.length >= length) return Buffer.from(a.buffer, a.byteOffset, a.length);
  const out = Buffer.alloc(length);
  out.set(a);
  return out;
}

/** [n] EXPLICIT: a constructed context tag around one complete element. */
export function explicit(tagNumber: number, inner: Uint8Array): Buffer {
  return tlv(0xa0 | tagNumber, inner);
}

/** [n] IMPLICIT on a constructed type: same contents, context tag. */
export function implicitConstructed(tagNumber: number, ...content: Uint8Array[]): Buffer {
  return tlv(0xa0 | tagNumber, ...content);
}

/** [n] IMPLICIT on a primitive type. */
export function implicitPrimitive(tagNumber: number, content: Uint8Array): Buffer {
  return tlv(0x80 | tagNumber, content);
}

export function nullValue(): Buffer {
  return Buffer.from([0x05, 0x00]);
}

export function boolean(value: boolean): Buffer {
  return Buffer.from([0x01, 0x01, value ? 0xff : 0x00]);
}

export function octetString(content: Uint8Array): Buffer {
  return tlv(0x04, content);
}

export function bitString(content: Uint8Array, unusedBits = 0): Buffer {
  return tlv(0x03, Buffer.from([unusedBits]), content);
}

export function utf8String(value: string): Buffer {
  return tlv(0x0c, Buffer.from(value, 'utf8'));
}

export function printableString(value: string): Buffer {
  return tlv(0x13, Buffer.from(value, 'latin1'));
}

/** INTEGER from a non-negative bigint or number, minimal two's complement. */
export function integer(value: bigint | number): Buffer {
  let v = BigInt(value);
  if (v < 0n) throw new CmsError(CmsErrorCode.InvalidArgument, 'negative INTEGER not supported');
  const bytes: number[] = [];
  do {
    bytes.unshift(Number(v & 0xffn));
    v >>= 8n;
  } while (v > 0n);
  if (bytes[0] & 0x80) bytes.unshift(0);
  return tlv(0x02, Buffer.from(bytes));
}

/** INTEGER from unsigned big-endian magnitude bytes (serials, ECDSA r and s). */
export function unsignedInteger(magnitude: Uint8Array): Buffer {
  let i = 0;
  while (i < magnitude.length - 1 && magnitude[i] === 0) i++;
  const trimmed = magnitude.subarray(i);
  if (trimmed.length === 0) return Buffer.from([0x02, 0x01, 0x00]);
  return trimmed[0] & 0x80 ? tlv(0x02, Buffer.from([0]), trimmed) : tlv(0x02, trimmed);
}

export function enumerated(value: number): Buffer {
  const i = integer(value);
  i[0] = 0x0a;
  return i;
}

const oidCache = new Map<string, Buffer>();

export function oid(dotted: string): Buffer {
  const cached = oidCache.get(dotted);
  if (cached) return Buffer.from(cached);
  const arcs = dotted.split('.').map((a) => {
    if (!/^\d+$/.test(a)) throw new CmsError(CmsErrorCode.InvalidArgument, `bad OID "${dotted}"`);
    return BigInt(a);
  });
  if (arcs.length < 2 || arcs[0] > 2n || (arcs[0] < 2n && arcs[1] > 39n)) {
    throw new CmsError(CmsErrorCode.InvalidArgument, `bad OID "${dotted}"`);
  }
  const bytes: number[] = [];
  const push = (arc: bigint): void => {
    const group: number[] = [Number(arc & 0x7fn)];
    for (let v = arc >> 7n; v > 0n; v >>= 7n) group.unshift(Number(v & 0x7fn) | 0x80);
    bytes.push(...group);
  };
  push(arcs[0] * 40n + arcs[1]);
  for (const arc of arcs.slice(2)) push(arc);
  const out = tlv(0x06, Buffer.from(bytes));
  if (oidCache.size < 1000) oidCache.set(dotted, Buffer.from(out));
  return out;
}

/** GeneralizedTime "YYYYMMDDHHMMSSZ" (with ".fff" when the date has milliseconds), as RFC 5280 wants. */
export function generalizedTime(date: Date): Buffer {
  const iso = date.toISOString(); // 2025-07-14T02:30:12.345Z
  const ms = iso.slice(20, 23);
  const text =
    iso.slice(0, 19).replace(/[-:T]/g, '') + (ms === '000' ? '' : '.' + ms.replace(/0+$/, '')) + 'Z';
  return tlv(0x18, Buffer.from(text, 'latin1'));
}

/** UTCTime for dates 1950..2049, GeneralizedTime after (RFC 5280 4.1.2.5). */
export function x509Time(date: Date): Buffer {
  const year = date.getUTCFullYear();
  if (year >= 1950 && year < 2050) {
    const text = date.toISOString().slice(2, 19).replace(/[-:T]/g, '') + 'Z';
    return tlv(0x17, Buffer.from(text, 'latin1'));
  }
  return generalizedTime(new Date(Math.floor(date.getTime() / 1000) * 1000));
}
