import { malformed } from '../cms-error';
import { contentOf, DerNode, expectUniversal, isUniversal, TagClass, UniversalTag } from './der-reader';

/** Dotted-decimal OBJECT IDENTIFIER. */
export function readOid(node: DerNode | undefined, what = 'OID'): string {
  const bytes = contentOf(expectUniversal(node, UniversalTag.ObjectIdentifier, what));
  return decodeOidContent(bytes, what);
}

export function decodeOidContent(bytes: Uint8Array, what = 'OID'): string {
  if (bytes.length === 0 || bytes.length > 128) throw malformed(`${what}: bad length ${bytes.length}`);
  const arcs: string[] = [];
  let value = 0n;
  let started = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (!started && b === 0x80) throw malformed(`${what}: non-minimal encoding`);
    started = true;
    value = (value << 7n) | BigInt(b & 0x7f);
    if ((b & 0x80) === 0) {
      if (arcs.length === 0) {
        const first = value < 40n ? 0n : value < 80n ? 1n : 2n;
        arcs.push(first.toString(), (value - first * 40n).toString());
      } else {
        arcs.push(value.toString());
      }
      value = 0n;
      started = false;
    } else if (i === bytes.length - 1) {
      throw malformed(`${what}: truncated arc`);
    }
  }
  return arcs.join('.');
}

/** INTEGER as a bigint (two's complement). */
export function readBigInt(node: DerNode | undefined, what = 'INTEGER'): bigint {
  const bytes = integerContent(node, what);
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  if (bytes[0] & 0x80) v -= 1n << BigInt(bytes.length * 8);
  return v;
}

/** INTEGER as a JS number; refuses values that do not fit exactly. */
export function readSmallInt(node: DerNode | undefined, what = 'INTEGER'): number {
  const v = readBigInt(node, what);
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw malformed(`${what}: value out of range`);
  }
  return Number(v);
}

export function readEnumerated(node: DerNode | undefined, what = 'ENUMERATED'): number {
  const bytes = contentOf(expectUniversal(node, UniversalTag.Enumerated, what));
  if (bytes.length === 0 || bytes.length > 4) throw malformed(`${what}: bad length`);
  let v = 0;
  for (const b of bytes) v = v * 256 + b;
  return v;
}

function integerContent(node: DerNode | undefined, what: string): Uint8Array {
  const bytes = contentOf(expectUniversal(node, UniversalTag.Integer, what));
  if (bytes.length === 0) throw malformed(`${what}: empty INTEGER`);
  return bytes;
}

/**
 * Serial numbers as lower-case hex of the unsigned magnitude, without the DER sign octet:
 * `02 03 00 8f 12` → "8f12". Compare serials with {@link normalizeSerialHex}.
 */
export function readSerialHex(node: DerNode | undefined, what = 'serial number'): string {
  return serialHexFromContent(integerContent(node, what));
}

function serialHexFromContent(bytes: Uint8Array): string {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  return Buffer.from(bytes.subarray(i)).toString('hex');
}

/** Canonical form for comparing serials from any source (upper case, leading zeros, colons). */
export function normalizeSerialHex(hex: string): string {
  const clean = hex.replace(/[:\s]/g, '').toLowerCase().replace(/^0+/, '');
  return clean === '' ? '0' : clean.length % 2 ? '0' + clean : clean;
}

export function readBoolean(node: DerNode | undefined, what = 'BOOLEAN'): boolean {
  const bytes = contentOf(expectUniversal(node, UniversalTag.Boolean, what));
  if (bytes.length !== 1) throw malformed(`${what}: bad BOOLEAN`);
  return bytes[0] !== 0;
}

export function readOctetString(node: DerNode | undefined, what = 'OCTET STRING'): Uint8Array {
  const n = expectUniversal(node, UniversalTag.OctetString, what);
  if (n.constructed) throw malformed(`${what}: constructed OCTET STRING is not supported here`);
  return contentOf(n);
}

export interface BitString {
  readonly unusedBits: number;
  readonly bytes: Uint8Array;
}

export function readBitString(node: DerNode | undefined, what = 'BIT STRING'): BitString {
  const n = expectUniversal(node, UniversalTag.BitString, what);
  if (n.constructed) throw malformed(`${what}: constructed BIT STRING is not supported`);
  const c = contentOf(n);
  if (c.length === 0 || c[0] > 7 || (c.length === 1 && c[0] !== 0))
    throw malformed(`${what}: bad BIT STRING`);
  return { unusedBits: c[0], bytes: c.subarray(1) };
}

/** UTCTime or GeneralizedTime as a Date (UTC). Fractional seconds are kept to the millisecond. */
export function readTime(node: DerNode | undefined, what = 'time'): Date {
  if (node === undefined) throw malformed(`${what}: missing`);
  const text = Buffer.from(contentOf(node)).toString('latin1');
  if (isUniversal(node, UniversalTag.UtcTime)) return parseUtcTime(text, what);
  if (isUniversal(node, UniversalTag.GeneralizedTime)) return parseGeneralizedTime(text, what);
  throw malformed(`${what}: expected UTCTime or GeneralizedTime`);
}

export function isTime(node: DerNode | undefined): boolean {
  return (
    node !== undefined &&
    (isUniversal(node, UniversalTag.UtcTime) || isUniversal(node, UniversalTag.GeneralizedTime))
  );
}

const UTC_RE = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{4})$/;
const GEN_RE = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})?(\d{2})?(?:[.,](\d{1,9}))?(Z|[+-]\d{4})?$/;

function parseUtcTime(text: string, what: string): Date {
  const m = UTC_RE.exec(text);
  if (!m) throw malformed(`${what}: bad UTCTime "${text.slice(0, 32)}"`);
  const yy = Number(m[1]);
  // RFC 5280 4.1.2.5.1: 50..99 → 19xx, 00..49 → 20xx.
  const year = yy >= 50 ? 1900 + yy : 2000 + yy;
  return build(year, m[2], m[3], m[4], m[5], m[6] ?? '0', undefined, m[7], text, what);
}

function parseGeneralizedTime(text: string, what: string): Date {
  const m = GEN_RE.exec(text);
  if (!m) throw malformed(`${what}: bad GeneralizedTime "${text.slice(0, 32)}"`);
  // A GeneralizedTime without zone is local time of an unknown place; UTC is the only sane reading.
  return build(Number(m[1]), m[2], m[3], m[4], m[5] ?? '0', m[6] ?? '0', m[7], m[8] ?? 'Z', text, what);
}

function build(
  year: number,
  mo: string,
  d: string,
  h: string,
  mi: string,
  s: string,
  fraction: string | undefined,
  zone: string,
  text: string,
  what: string,
): Date {
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    throw malformed(`${what}: out-of-range field in "${text}"`);
  }
  const ms = fraction ? Math.floor(Number(`0.${fraction}`) * 1000) : 0;
  let t = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (zone !== 'Z') {
    const sign = zone[0] === '+' ? 1 : -1;
    t -= sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5))) * 60_000;
  }
  const date = new Date(t);
  if (Number.isNaN(date.getTime())) throw malformed(`${what}: invalid date "${text}"`);
  return date;
}

const utf8Fatal = new TextDecoder('utf-8', { fatal: true });
const utf8Lenient = new TextDecoder('utf-8');

/** Any ASN.1 character string as a JS string; Vietnamese names arrive as UTF8String or BMPString. */
export function readString(node: DerNode): string {
  const bytes = contentOf(node);
  if (node.tagClass !== TagClass.Universal) return Buffer.from(bytes).toString('latin1');
  switch (node.tagNumber) {
    case UniversalTag.Utf8String:
      return utf8Lenient.decode(bytes);
    case UniversalTag.BmpString:
      return decodeUtf16Be(bytes);
    case UniversalTag.UniversalString:
      return decodeUtf32Be(bytes);
    case UniversalTag.TeletexString:
      // Many CAs put UTF-8 into T61String; prefer that reading when it is valid UTF-8.
      try {
        return utf8Fatal.decode(bytes);
      } catch {
        return Buffer.from(bytes).toString('latin1');
      }
    default:
      return Buffer.from(bytes).toString('latin1');
  }
}

function decodeUtf16Be(bytes: Uint8Array): string {
  if (bytes.length % 2) throw malformed('BMPString with odd length');
  const swapped = Buffer.from(bytes);
  swapped.swap16();
  return swapped.toString('utf16le');
}

function decodeUtf32Be(bytes: Uint8Array): string {
  if (bytes.length % 4) throw malformed('UniversalString with bad length');
  let out = '';
  for (let i = 0; i < bytes.length; i += 4) {
    const cp = ((bytes[i] << 24) | (bytes[i + 1] << 16) | (bytes[i + 2] << 8) | bytes[i + 3]) >>> 0;
    if (cp > 0x10ffff) throw malformed('UniversalString with invalid code point');
    out += String.fromCodePoint(cp);
  }
  return out;
}

export function isStringTag(node: DerNode): boolean {
  if (node.tagClass !== TagClass.Universal || node.constructed) return false;
  return [
    UniversalTag.Utf8String,
    UniversalTag.NumericString,
    UniversalTag.PrintableString,
    UniversalTag.TeletexString,
    UniversalTag.Ia5String,
    UniversalTag.VisibleString,
    UniversalTag.UniversalString,
    UniversalTag.BmpString,
  ].includes(node.tagNumber);
}
