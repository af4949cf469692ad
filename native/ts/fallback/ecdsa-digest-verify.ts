import { DER_INTEGER, DER_SEQUENCE, readTlv } from './der';
import type { WeierstrassCurve } from './weierstrass-curves';

// node:crypto cannot verify ECDSA over a digest computed elsewhere (crypto.verify always hashes),
// so the fallback does the group arithmetic with bigint. It is slow (milliseconds per signature)
// and not constant-time, which is acceptable here: verification handles only public values.

interface Jacobian {
  readonly x: bigint;
  readonly y: bigint;
  readonly z: bigint; // 0n: the point at infinity
}

const INFINITY: Jacobian = { x: 1n, y: 1n, z: 0n };

function mod(value: bigint, m: bigint): bigint {
  const r = value % m;
  return r < 0n ? r + m : r;
}

function modPow(base: bigint, exponent: bigint, m: bigint): bigint {
  let result = 1n;
  let b = mod(base, m);
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % m;
    b = (b * b) % m;
  }
  return result;
}

/** Inverse modulo a prime (Fermat). */
function modInverse(value: bigint, prime: bigint): bigint {
  return modPow(value, prime - 2n, prime);
}

function double(point: Jacobian, curve: WeierstrassCurve): Jacobian {
  if (point.z === 0n || point.y === 0n) return INFINITY;
  const { p, a } = curve;
  const xx = mod(point.x * point.x, p);
  const yy = mod(point.y * point.y, p);
  const zz = mod(point.z * point.z, p);
  const s = mod(4n * point.x * yy, p);
  const m = mod(3n * xx + a * mod(zz * zz, p), p);
  const x = mod(m * m - 2n * s, p);
  const y = mod(m * (s - x) - 8n * yy * yy, p);
  return { x, y, z: mod(2n * point.y * point.z, p) };
}

function add(first: Jacobian, second: Jacobian, curve: WeierstrassCurve): Jacobian {
  if (first.z === 0n) return second;
  if (second.z === 0n) return first;
  const { p } = curve;
  const z1z1 = mod(first.z * first.z, p);
  const z2z2 = mod(second.z * second.z, p);
  const u1 = mod(first.x * z2z2, p);
  const u2 = mod(second.x * z1z1, p);
  const s1 = mod(first.y * second.z * z2z2, p);
  const s2 = mod(second.y * first.z * z1z1, p);
  if (u1 === u2) return s1 === s2 ? double(first, curve) : INFINITY;
  const h = mod(u2 - u1, p);
  const r = mod(s2 - s1, p);
  const hh = mod(h * h, p);
  const hhh = mod(h * hh, p);
  const v = mod(u1 * hh, p);
  const x = mod(r * r - hhh - 2n * v, p);
  const y = mod(r * (v - x) - s1 * hhh, p);
  return { x, y, z: mod(h * first.z * second.z, p) };
}

/** u1·G + u2·Q with one shared double-and-add pass (Shamir's trick). */
function twoScalarMultiply(
  u1: bigint,
  g: Jacobian,
  u2: bigint,
  q: Jacobian,
  curve: WeierstrassCurve,
): Jacobian {
  const gq = add(g, q, curve);
  const bits = Math.max(u1.toString(2).length, u2.toString(2).length);
  let result = INFINITY;
  for (let i = BigInt(bits - 1); i >= 0n; i -= 1n) {
    result = double(result, curve);
    const b1 = (u1 >> i) & 1n;
    const b2 = (u2 >> i) & 1n;
    if (b1 && b2) result = add(result, gq, curve);
    else if (b1) result = add(result, g, curve);
    else if (b2) result = add(result, q, curve);
  }
  return result;
}

export function toBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0
    ? 0n
    : BigInt(`0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex')}`);
}

function readPositiveInteger(bytes: Uint8Array, offset: number): { value: bigint; end: number } | undefined {
  const tlv = readTlv(bytes, offset, true);
  if (tlv?.tag !== DER_INTEGER || tlv.end === tlv.contentStart) return undefined;
  const content = bytes.subarray(tlv.contentStart, tlv.end);
  // Negative, or a redundant leading zero (not minimal DER, which OpenSSL's re-encoding check rejects).
  if (content[0] & 0x80) return undefined;
  if (content.length > 1 && content[0] === 0 && (content[1] & 0x80) === 0) return undefined;
  return { value: toBigInt(content), end: tlv.end };
}

/** Strict DER `SEQUENCE { r INTEGER, s INTEGER }` with nothing after it. */
function parseSignature(signature: Uint8Array): { r: bigint; s: bigint } | undefined {
  const sequence = readTlv(signature, 0, true);
  if (sequence?.tag !== DER_SEQUENCE || sequence.end !== signature.length) return undefined;
  const r = readPositiveInteger(signature, sequence.contentStart);
  const s = r && readPositiveInteger(signature, r.end);
  if (!r || !s || s.end !== sequence.end) return undefined;
  return { r: r.value, s: s.value };
}

/** ECDSA verification (SEC 1 section 4.1.4) of a DER signature over `digest` with public point (qx, qy). */
export function verifyEcdsaDigest(
  curve: WeierstrassCurve,
  qx: bigint,
  qy: bigint,
  digest: Uint8Array,
  signature: Uint8Array,
): boolean {
  const parsed = parseSignature(signature);
  if (!parsed) return false;
  const { r, s } = parsed;
  const { n } = curve;
  if (r <= 0n || r >= n || s <= 0n || s >= n) return false;
  // Leftmost bits of the digest, as many as the order has (OpenSSL ecdsa_ossl.c does the same).
  const excess = digest.length * 8 - n.toString(2).length;
  const e = excess > 0 ? toBigInt(digest) >> BigInt(excess) : toBigInt(digest);
  const w = modInverse(s, n);
  const point = twoScalarMultiply(
    mod(e * w, n),
    { x: curve.gx, y: curve.gy, z: 1n },
    mod(r * w, n),
    { x: qx, y: qy, z: 1n },
    curve,
  );
  if (point.z === 0n) return false;
  const zInverse = modInverse(point.z, curve.p);
  const x = mod(point.x * zInverse * zInverse, curve.p);
  return mod(x, n) === r;
}
