import { constants, createHash, publicDecrypt, type KeyObject } from 'node:crypto';

import { DIGEST_LENGTH, type HashAlgorithm } from '../algorithms';

// node:crypto.verify always hashes its input; it has no way to verify an RSA signature over a
// digest computed elsewhere. The fallback recovers the encoded message with the public-key
// operation and checks the encoding itself, step for step as OpenSSL 3.0 does (rsa_sign.c
// ossl_rsa_verify, rsa_pss.c RSA_verify_PKCS1_PSS_mgf1_ex), so both cores agree on every input.

// DER of DigestInfo { AlgorithmIdentifier { id-sha*, NULL }, OCTET STRING } up to the digest.
const DIGEST_INFO_PREFIX: Readonly<Record<HashAlgorithm, Buffer>> = {
  sha256: Buffer.from('3031300d060960864801650304020105000420', 'hex'),
  sha384: Buffer.from('3041300d060960864801650304020205000430', 'hex'),
  sha512: Buffer.from('3051300d060960864801650304020305000440', 'hex'),
};

/** RSASSA-PKCS1-v1_5 over a digest. `key` must be an 'rsa' KeyObject (publicDecrypt refuses 'rsa-pss'). */
export function verifyRsaPkcs1Digest(
  key: KeyObject,
  modulusBits: number,
  hash: HashAlgorithm,
  digest: Uint8Array,
  signature: Uint8Array,
): boolean {
  // OpenSSL rejects any length but the modulus length before the RSA operation.
  if (signature.length !== Math.ceil(modulusBits / 8)) return false;
  let encoded: Buffer;
  try {
    encoded = publicDecrypt({ key, padding: constants.RSA_PKCS1_PADDING }, signature);
  } catch {
    return false;
  }
  return encoded.equals(Buffer.concat([DIGEST_INFO_PREFIX[hash], digest]));
}

function mgf1(seed: Uint8Array, length: number, hash: HashAlgorithm): Buffer {
  const blocks: Buffer[] = [];
  const counter = Buffer.alloc(4);
  for (let produced = 0, i = 0; produced < length; i += 1) {
    counter.writeUInt32BE(i);
    const block = createHash(hash).update(seed).update(counter).digest();
    blocks.push(block);
    produced += block.length;
  }
  return Buffer.concat(blocks).subarray(0, length);
}

/** RSASSA-PSS over a digest, MGF1 with the same hash; `saltLength` 'auto' recovers it from the signature. */
export function verifyRsaPssDigest(
  key: KeyObject,
  modulusBits: number,
  hash: HashAlgorithm,
  digest: Uint8Array,
  signature: Uint8Array,
  saltLength: number | 'auto',
): boolean {
  let recovered: Buffer;
  try {
    recovered = publicDecrypt({ key, padding: constants.RSA_NO_PADDING }, signature);
  } catch {
    return false;
  }
  const hLen = DIGEST_LENGTH[hash];
  const msBits = (modulusBits - 1) & 7;
  if ((recovered[0] & (0xff << msBits) & 0xff) !== 0) return false;
  const em = msBits === 0 ? recovered.subarray(1) : recovered;
  const emLen = em.length;
  if (emLen < hLen + 2) return false;
  if (saltLength !== 'auto' && saltLength > emLen - hLen - 2) return false;
  if (em[emLen - 1] !== 0xbc) return false;
  const maskedDbLength = emLen - hLen - 1;
  const h = em.subarray(maskedDbLength, maskedDbLength + hLen);
  const db = mgf1(h, maskedDbLength, hash);
  for (let i = 0; i < maskedDbLength; i += 1) db[i] ^= em[i];
  if (msBits !== 0) db[0] &= 0xff >> (8 - msBits);
  let i = 0;
  while (db[i] === 0 && i < maskedDbLength - 1) i += 1;
  if (db[i] !== 0x01) return false;
  i += 1;
  if (saltLength !== 'auto' && maskedDbLength - i !== saltLength) return false;
  const expected = createHash(hash).update(Buffer.alloc(8)).update(digest).update(db.subarray(i)).digest();
  return expected.equals(h);
}
