'use strict';
// Deterministic key material for the committed test PKI. The same seed label always yields the
// same key, so `npm run pki` reproduces the committed files byte for byte. These keys are public
// test fixtures: never use this derivation for anything real.
const crypto = require('node:crypto');

const SEED_DOMAIN = 'kyso-test-pki/v1/';

/** A byte stream SHA-256(domain ‖ label ‖ counter). */
function seededPrng(label) {
  let counter = 0;
  let pool = Buffer.alloc(0);
  const take = (count) => {
    while (pool.length < count) {
      const block = crypto
        .createHash('sha256')
        .update(SEED_DOMAIN + label + '/' + counter++)
        .digest();
      pool = Buffer.concat([pool, block]);
    }
    const out = pool.subarray(0, count);
    pool = pool.subarray(count);
    return Buffer.from(out);
  };
  return { take };
}

/** Bytes derived from a label: salts, IVs and serial numbers that must not change between runs. */
function derivedBytes(label, length) {
  return seededPrng('bytes/' + label).take(length);
}

const RSA_E = 65537n;

const toBigInt = (buf) => BigInt('0x' + buf.toString('hex'));
const toBase64Url = (n) => {
  const hex = n.toString(16);
  return Buffer.from(hex.length % 2 ? '0' + hex : hex, 'hex').toString('base64url');
};
const mod = (a, m) => ((a % m) + m) % m;
function modInverse(a, m) {
  let [oldR, r] = [mod(a, m), m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw new Error('not invertible');
  return mod(oldS, m);
}

/**
 * A prime of `bits` bits found by a sequential search from a seeded odd start whose two top bits
 * are set (so p·q has exactly 2·bits bits). Primality is OpenSSL's Miller-Rabin (checkPrimeSync):
 * the search order is fixed, so the result is too.
 */
function seededPrime(prng, bits) {
  const start = prng.take(bits / 8);
  start[0] |= 0xc0;
  start[start.length - 1] |= 0x01;
  for (let candidate = toBigInt(start); ; candidate += 2n) {
    if ((candidate - 1n) % RSA_E !== 0n && crypto.checkPrimeSync(candidate)) return candidate;
  }
}

/** RSA key pair from two seeded primes, assembled as a JWK (n, e, d and the CRT values). */
function deterministicRsaKey(label, bits) {
  const prng = seededPrng('rsa/' + label);
  let p = seededPrime(prng, bits / 2);
  let q = seededPrime(prng, bits / 2);
  if (p === q) throw new Error('identical primes');
  if (p < q) [p, q] = [q, p];
  const phi = (p - 1n) * (q - 1n);
  const d = modInverse(RSA_E, phi);
  const jwk = {
    kty: 'RSA',
    n: toBase64Url(p * q),
    e: toBase64Url(RSA_E),
    d: toBase64Url(d),
    p: toBase64Url(p),
    q: toBase64Url(q),
    dp: toBase64Url(d % (p - 1n)),
    dq: toBase64Url(d % (q - 1n)),
    qi: toBase64Url(modInverse(q, p)),
  };
  return crypto.createPrivateKey({ key: jwk, format: 'jwk' });
}

// Order of the P-256 group.
const P256_ORDER = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');

/** ECDSA P-256 key whose private scalar is SHA-256 of the label, reduced into [1, n-1]. */
function deterministicEcKey(label) {
  const digest = crypto
    .createHash('sha256')
    .update(SEED_DOMAIN + 'ec/' + label)
    .digest();
  const scalar = (BigInt('0x' + digest.toString('hex')) % (P256_ORDER - 1n)) + 1n;
  const d = Buffer.from(scalar.toString(16).padStart(64, '0'), 'hex');
  const ecdh = crypto.createECDH('prime256v1');
  ecdh.setPrivateKey(d);
  const point = ecdh.getPublicKey(null, 'uncompressed');
  const jwk = {
    kty: 'EC',
    crv: 'P-256',
    d: d.toString('base64url'),
    x: point.subarray(1, 33).toString('base64url'),
    y: point.subarray(33, 65).toString('base64url'),
  };
  return crypto.createPrivateKey({ key: jwk, format: 'jwk' });
}

/** Positive 16-byte serial number derived from a label (high bit cleared, first byte never zero). */
function deterministicSerial(label) {
  const bytes = derivedBytes('serial/' + label, 16);
  bytes[0] = (bytes[0] & 0x3f) | 0x40;
  return bytes;
}

module.exports = { seededPrng, derivedBytes, deterministicRsaKey, deterministicEcKey, deterministicSerial };
