import { X509Certificate, type KeyObject } from 'node:crypto';
import * as pkcs11js from 'pkcs11js';
import { boolOf, findObjects, readAttributes, textOf, ulongOf } from './object-attributes';
import type { Pkcs11Native } from './pkcs11-native';
import { Pkcs11Error } from './pkcs11.error';
import { curveOfEcParams, ecPublicKeyFrom, rsaPublicKeyFrom, type EcCurveName } from './public-key';
import type { KeyType } from './sign-mechanism';

export type ObjectClass = 'privateKey' | 'publicKey' | 'certificate' | 'secretKey' | 'data' | 'other';

export interface TokenObject {
  readonly handle: Buffer;
  readonly class: ObjectClass;
  /** CKA_ID in lower-case hex; a key and its certificate share it. Empty when the object has none. */
  readonly idHex: string;
  readonly label: string;
  /** Keys only. */
  readonly keyType?: KeyType | 'other';
  /** X.509 certificates only, with the fields a certificate picker shows. */
  readonly certificateDer?: Buffer;
  readonly subject?: string;
  readonly issuer?: string;
  readonly serialHex?: string;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
}

/** A private key usable for signing, and the certificate stored under the same CKA_ID if any. */
export interface TokenKey {
  readonly handle: Buffer;
  readonly idHex: string;
  readonly label: string;
  readonly keyType: KeyType;
  readonly modulusBits?: number;
  readonly curve?: EcCurveName;
  readonly certificateDer?: Buffer;
  /** CKA_ALWAYS_AUTHENTICATE: the PIN must be given again for every signature. */
  readonly alwaysAuthenticate: boolean;
}

export type KeyQuery =
  { readonly label: string } | { readonly id: string } | { readonly certificateDer: Uint8Array };

const CLASS_NAMES = new Map<number, ObjectClass>([
  [pkcs11js.CKO_PRIVATE_KEY, 'privateKey'],
  [pkcs11js.CKO_PUBLIC_KEY, 'publicKey'],
  [pkcs11js.CKO_CERTIFICATE, 'certificate'],
  [pkcs11js.CKO_SECRET_KEY, 'secretKey'],
  [pkcs11js.CKO_DATA, 'data'],
]);

function keyTypeOf(ckk: number | undefined): KeyType | 'other' {
  if (ckk === pkcs11js.CKK_RSA) return 'rsa';
  if (ckk === pkcs11js.CKK_EC) return 'ec';
  return 'other';
}

export function describeKeyQuery(query: KeyQuery): string {
  if ('label' in query) return `"${query.label}"`;
  if ('id' in query) return `id ${query.id}`;
  return `for certificate ${certificateSubject(query.certificateDer) ?? '(unparsable)'}`;
}

function certificateSubject(der: Uint8Array): string | undefined {
  try {
    return new X509Certificate(der).subject.replace(/\n/g, ', ');
  } catch {
    return undefined;
  }
}

/** All objects the session can see (private ones only after login). */
export function listTokenObjects(native: Pkcs11Native, session: Buffer): TokenObject[] {
  return findObjects(native, session, []).map((handle) => {
    const attributes = readAttributes(native, session, handle, [
      pkcs11js.CKA_CLASS,
      pkcs11js.CKA_ID,
      pkcs11js.CKA_LABEL,
    ]);
    const objectClass = CLASS_NAMES.get(ulongOf(attributes.get(pkcs11js.CKA_CLASS)) ?? -1) ?? 'other';
    const common = {
      handle,
      class: objectClass,
      idHex: attributes.get(pkcs11js.CKA_ID)?.toString('hex') ?? '',
      label: textOf(attributes.get(pkcs11js.CKA_LABEL)),
    };
    if (objectClass === 'privateKey' || objectClass === 'publicKey' || objectClass === 'secretKey') {
      const type = readAttributes(native, session, handle, [pkcs11js.CKA_KEY_TYPE]).get(
        pkcs11js.CKA_KEY_TYPE,
      );
      return { ...common, keyType: keyTypeOf(ulongOf(type)) };
    }
    if (objectClass === 'certificate') {
      const value = readAttributes(native, session, handle, [pkcs11js.CKA_VALUE]).get(pkcs11js.CKA_VALUE);
      return value ? { ...common, ...certificateFields(value) } : common;
    }
    return common;
  });
}

function certificateFields(der: Buffer): Partial<TokenObject> {
  try {
    const certificate = new X509Certificate(der);
    return {
      certificateDer: der,
      subject: certificate.subject.replace(/\n/g, ', '),
      issuer: certificate.issuer.replace(/\n/g, ', '),
      serialHex: certificate.serialNumber.toLowerCase(),
      notBefore: new Date(certificate.validFrom),
      notAfter: new Date(certificate.validTo),
    };
  } catch {
    // Not X.509 (attribute certificates, vendor blobs): still list the object, without parsed fields.
    return { certificateDer: der };
  }
}

/** Reads a private key's description; undefined for key types this library cannot sign with. */
export function describePrivateKey(
  native: Pkcs11Native,
  session: Buffer,
  handle: Buffer,
): TokenKey | undefined {
  const attributes = readAttributes(native, session, handle, [
    pkcs11js.CKA_ID,
    pkcs11js.CKA_LABEL,
    pkcs11js.CKA_KEY_TYPE,
    pkcs11js.CKA_ALWAYS_AUTHENTICATE,
  ]);
  const keyType = keyTypeOf(ulongOf(attributes.get(pkcs11js.CKA_KEY_TYPE)));
  if (keyType === 'other') return undefined;
  const idHex = attributes.get(pkcs11js.CKA_ID)?.toString('hex') ?? '';
  const certificateDer = idHex ? certificateWithId(native, session, idHex) : undefined;
  const base = {
    handle,
    idHex,
    label: textOf(attributes.get(pkcs11js.CKA_LABEL)),
    keyType,
    alwaysAuthenticate: boolOf(attributes.get(pkcs11js.CKA_ALWAYS_AUTHENTICATE)) ?? false,
    ...(certificateDer ? { certificateDer } : {}),
  };
  if (keyType === 'rsa') {
    const modulus = readAttributes(native, session, handle, [pkcs11js.CKA_MODULUS]).get(pkcs11js.CKA_MODULUS);
    return Object.freeze(modulus ? { ...base, modulusBits: bitLength(modulus) } : base);
  }
  const params = readAttributes(native, session, handle, [pkcs11js.CKA_EC_PARAMS]).get(
    pkcs11js.CKA_EC_PARAMS,
  );
  const curve = params ? curveOfEcParams(params) : undefined;
  return Object.freeze(curve ? { ...base, curve } : base);
}

function bitLength(magnitude: Buffer): number {
  let start = 0;
  while (start < magnitude.length && magnitude[start] === 0) start++;
  if (start === magnitude.length) return 0;
  return (magnitude.length - start - 1) * 8 + (32 - Math.clz32(magnitude[start]));
}

function certificateWithId(native: Pkcs11Native, session: Buffer, idHex: string): Buffer | undefined {
  for (const handle of findObjects(native, session, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
    { type: pkcs11js.CKA_ID, value: Buffer.from(idHex, 'hex') },
  ])) {
    const value = readAttributes(native, session, handle, [pkcs11js.CKA_VALUE]).get(pkcs11js.CKA_VALUE);
    if (value) return value;
  }
  return undefined;
}

function privateKeys(native: Pkcs11Native, session: Buffer, extra: pkcs11js.Template): TokenKey[] {
  const template = [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY }, ...extra];
  return findObjects(native, session, template)
    .map((handle) => describePrivateKey(native, session, handle))
    .filter((key): key is TokenKey => key !== undefined);
}

/** With several matches, a key that has its certificate on the token wins. */
function preferCertified(keys: TokenKey[]): TokenKey | undefined {
  return keys.find((key) => key.certificateDer) ?? keys[0];
}

export function findPrivateKey(native: Pkcs11Native, session: Buffer, query: KeyQuery): TokenKey {
  if ('label' in query) {
    const key = preferCertified(
      privateKeys(native, session, [{ type: pkcs11js.CKA_LABEL, value: query.label }]),
    );
    if (!key) throw Pkcs11Error.keyNotFound(describeKeyQuery(query));
    return key;
  }
  if ('id' in query) {
    const idHex = query.id.toLowerCase();
    if (!/^(?:[0-9a-f]{2})+$/.test(idHex)) throw new TypeError(`key id must be hex, got "${query.id}"`);
    const key = preferCertified(
      privateKeys(native, session, [{ type: pkcs11js.CKA_ID, value: Buffer.from(idHex, 'hex') }]),
    );
    if (!key) throw Pkcs11Error.keyNotFound(describeKeyQuery(query));
    return key;
  }
  return findKeyForCertificate(native, session, Buffer.from(query.certificateDer));
}

/**
 * The usual path is the certificate object on the token, then the private key with its CKA_ID.
 * Tokens written by other tools sometimes lack the certificate or use different ids, so the
 * fallback compares public keys.
 */
function findKeyForCertificate(native: Pkcs11Native, session: Buffer, certificateDer: Buffer): TokenKey {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certificateDer);
  } catch (error) {
    throw new TypeError('certificateDer is not a DER X.509 certificate', { cause: error });
  }
  const description = describeKeyQuery({ certificateDer });
  const onToken = findObjects(native, session, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
  ])
    .map((handle) => readAttributes(native, session, handle, [pkcs11js.CKA_VALUE, pkcs11js.CKA_ID]))
    .filter((attributes) => attributes.get(pkcs11js.CKA_VALUE)?.equals(certificateDer));
  for (const attributes of onToken) {
    const id = attributes.get(pkcs11js.CKA_ID);
    if (!id || id.length === 0) continue;
    const key = privateKeys(native, session, [{ type: pkcs11js.CKA_ID, value: id }])[0];
    if (key) return Object.freeze({ ...key, certificateDer });
  }
  const wanted = certificate.publicKey.export({ type: 'spki', format: 'der' });
  for (const key of privateKeys(native, session, [])) {
    const publicKey = tryPublicKeyOf(native, session, { ...key, certificateDer: undefined });
    if (publicKey?.export({ type: 'spki', format: 'der' }).equals(wanted)) {
      return Object.freeze({ ...key, certificateDer });
    }
  }
  if (onToken.length > 0) throw Pkcs11Error.keyNotFound(description);
  throw Pkcs11Error.certificateNotFound(description);
}

/**
 * The public key of `key`, preferring what the token itself holds: CKA_MODULUS and
 * CKA_PUBLIC_EXPONENT on an RSA private key, then the public-key object with the same CKA_ID,
 * then the certificate.
 */
export function publicKeyOf(native: Pkcs11Native, session: Buffer, key: TokenKey): KeyObject {
  const publicKey = tryPublicKeyOf(native, session, key);
  if (!publicKey) {
    throw Pkcs11Error.general(
      `the token holds no public key or certificate for key ${key.label || key.idHex}`,
    );
  }
  return publicKey;
}

function tryPublicKeyOf(native: Pkcs11Native, session: Buffer, key: TokenKey): KeyObject | undefined {
  if (key.keyType === 'rsa') {
    const attributes = readAttributes(native, session, key.handle, [
      pkcs11js.CKA_MODULUS,
      pkcs11js.CKA_PUBLIC_EXPONENT,
    ]);
    const modulus = attributes.get(pkcs11js.CKA_MODULUS);
    const exponent = attributes.get(pkcs11js.CKA_PUBLIC_EXPONENT);
    if (modulus && exponent) return rsaPublicKeyFrom(modulus, exponent);
  }
  const match: pkcs11js.Template = key.idHex
    ? [{ type: pkcs11js.CKA_ID, value: Buffer.from(key.idHex, 'hex') }]
    : [{ type: pkcs11js.CKA_LABEL, value: key.label }];
  for (const handle of findObjects(native, session, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PUBLIC_KEY },
    ...match,
  ])) {
    const publicKey = publicKeyFromObject(native, session, handle, key.keyType);
    if (publicKey) return publicKey;
  }
  return key.certificateDer ? new X509Certificate(key.certificateDer).publicKey : undefined;
}

function publicKeyFromObject(
  native: Pkcs11Native,
  session: Buffer,
  handle: Buffer,
  keyType: KeyType,
): KeyObject | undefined {
  if (keyType === 'rsa') {
    const attributes = readAttributes(native, session, handle, [
      pkcs11js.CKA_MODULUS,
      pkcs11js.CKA_PUBLIC_EXPONENT,
    ]);
    const modulus = attributes.get(pkcs11js.CKA_MODULUS);
    const exponent = attributes.get(pkcs11js.CKA_PUBLIC_EXPONENT);
    return modulus && exponent ? rsaPublicKeyFrom(modulus, exponent) : undefined;
  }
  const attributes = readAttributes(native, session, handle, [pkcs11js.CKA_EC_PARAMS, pkcs11js.CKA_EC_POINT]);
  const params = attributes.get(pkcs11js.CKA_EC_PARAMS);
  const point = attributes.get(pkcs11js.CKA_EC_POINT);
  return params && point ? ecPublicKeyFrom(params, point) : undefined;
}
