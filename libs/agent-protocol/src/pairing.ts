import { type ErrorKind, KysoError } from '@kyso/common';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { canonicalOrigin, isCanonicalOrigin } from './origin';
import { isP256Key, type PinnedServerKey, publicKeyId, publicKeyPem } from './server-key';

/** Body of `GET /api/v1/agent/pairing` on the kyso server; also the agent's stored form of a pinned key. */
export interface PairingInfo {
  origin: string;
  keyId: string;
  publicKeyPem: string;
}

export enum PairingErrorCode {
  MALFORMED = 'MALFORMED',
  INVALID_ORIGIN = 'INVALID_ORIGIN',
  /** The server answered for another origin than the one the administrator asked to pair with. */
  ORIGIN_MISMATCH = 'ORIGIN_MISMATCH',
  INVALID_PUBLIC_KEY = 'INVALID_PUBLIC_KEY',
  KEY_ID_MISMATCH = 'KEY_ID_MISMATCH',
}

const VI: Record<PairingErrorCode, string> = {
  MALFORMED: 'Thông tin ghép nối của máy chủ kyso không hợp lệ.',
  INVALID_ORIGIN: 'Địa chỉ máy chủ kyso không hợp lệ (cần dạng https://ten-mien).',
  ORIGIN_MISMATCH: 'Máy chủ trả lời với một địa chỉ khác địa chỉ cần ghép nối.',
  INVALID_PUBLIC_KEY: 'Khoá công khai của máy chủ kyso không hợp lệ (cần khoá ECDSA P-256).',
  KEY_ID_MISMATCH: 'Mã khoá (keyId) không khớp với khoá công khai của máy chủ kyso.',
};

/** Pairing information that does not hold together is bad input, whatever the code. */
const PAIRING_KIND: ErrorKind = 'invalid-input';

export class PairingError extends KysoError {
  declare readonly code: PairingErrorCode;

  constructor(code: PairingErrorCode, message: string) {
    super(code, PAIRING_KIND, message, VI[code]);
  }
}

/** What the server publishes for its current request key. */
export function pairingInfoFor(origin: string, key: KeyObject): PairingInfo {
  const canonical = canonicalOrigin(origin);
  if (canonical === undefined)
    throw new PairingError(PairingErrorCode.INVALID_ORIGIN, `not an origin: ${origin}`);
  return { origin: canonical, keyId: publicKeyId(key), publicKeyPem: publicKeyPem(key) };
}

/**
 * Validates pairing information (from the server, a file, or the agent config) and turns it into a
 * pinned key. `expectedOrigin` is what the administrator typed; the server may not pick another one.
 * The key id is recomputed, never trusted, so a config edited by hand cannot pair a key under a false id.
 */
export function pinServerKey(info: unknown, expectedOrigin?: string): PinnedServerKey {
  if (typeof info !== 'object' || info === null)
    throw new PairingError(PairingErrorCode.MALFORMED, 'not a JSON object');
  const { origin, keyId, publicKeyPem: pem } = info as Partial<Record<keyof PairingInfo, unknown>>;
  if (!isCanonicalOrigin(origin)) {
    throw new PairingError(
      PairingErrorCode.INVALID_ORIGIN,
      `origin must be a canonical http(s) origin, got ${String(origin)}`,
    );
  }
  if (expectedOrigin !== undefined && canonicalOrigin(expectedOrigin) !== origin) {
    throw new PairingError(
      PairingErrorCode.ORIGIN_MISMATCH,
      `asked to pair with ${expectedOrigin}, server says ${origin}`,
    );
  }
  if (typeof pem !== 'string') throw new PairingError(PairingErrorCode.MALFORMED, 'publicKeyPem is missing');
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: pem, format: 'pem' });
  } catch (err) {
    throw new PairingError(
      PairingErrorCode.INVALID_PUBLIC_KEY,
      `publicKeyPem does not parse: ${(err as Error).message}`,
    );
  }
  if (!isP256Key(publicKey))
    throw new PairingError(PairingErrorCode.INVALID_PUBLIC_KEY, 'the key is not ECDSA P-256');
  const actualId = publicKeyId(publicKey);
  if (keyId !== undefined && keyId !== actualId) {
    throw new PairingError(
      PairingErrorCode.KEY_ID_MISMATCH,
      `keyId ${String(keyId)} does not match the key (${actualId})`,
    );
  }
  return { origin, keyId: actualId, publicKey };
}
