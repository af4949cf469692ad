import { createHash, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { toBase64url } from './base64url';

/** The kyso server's "agent request" key pair (ECDSA P-256). The server keeps the private half. */
export interface RequestKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** A server key the agent trusts, for one exact origin. Produced by pairing; stored in the agent config. */
export interface PinnedServerKey {
  origin: string;
  keyId: string;
  publicKey: KeyObject;
}

export function generateRequestKeyPair(): RequestKeyPair {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' });
}

/** True when `key` is an EC key on P-256 (OpenSSL's name: prime256v1), the only curve ES256 allows. */
export function isP256Key(key: KeyObject): boolean {
  return key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1';
}

/** Public half of a private key, or the key itself when it is already public. */
export function publicKeyOf(key: KeyObject): KeyObject {
  return key.type === 'private' ? createPublicKey(key) : key;
}

/**
 * Key id: base64url(SHA-256(SubjectPublicKeyInfo DER)). Derived from the key itself, so the server and
 * the agent agree without a registry and an administrator can compare it by eye when pairing.
 */
export function publicKeyId(key: KeyObject): string {
  const spki = publicKeyOf(key).export({ type: 'spki', format: 'der' });
  return toBase64url(createHash('sha256').update(spki).digest());
}

export function publicKeyPem(key: KeyObject): string {
  return publicKeyOf(key).export({ type: 'spki', format: 'pem' }).toString();
}
