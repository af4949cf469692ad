import * as pkcs11js from 'pkcs11js';
import { Pkcs11Error } from './pkcs11.error';

// Enumerate the CommonJS exports object itself: an ES namespace built over it (vitest, Node ESM)
// lists only statically detectable names, and pkcs11js spreads its constants at runtime.
const pkcs11jsExports = ((pkcs11js as unknown as { default?: object }).default ?? pkcs11js) as object;

const CKR_NAMES: ReadonlyMap<number, string> = new Map(
  Object.entries(pkcs11jsExports)
    .filter((entry): entry is [string, number] => entry[0].startsWith('CKR_') && typeof entry[1] === 'number')
    .map(([name, value]) => [value, name]),
);

/**
 * The CKR_* name of a failure raised by pkcs11js (whose error carries the name in `message` and
 * the numeric value in `code`), or the one recorded in an already mapped Pkcs11Error.
 */
export function ckrOf(error: unknown): string | undefined {
  if (error instanceof Pkcs11Error) return error.ckr;
  if (!(error instanceof Error)) return undefined;
  const named = /\b(CKR_[A-Z0-9_]+)\b/.exec(error.message);
  if (named) return named[1];
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' && code !== 0 ? CKR_NAMES.get(code) : undefined;
}

/**
 * Return values after which the session handle is worthless but the token may be back (re-plugged,
 * possibly in another slot) or merely logged out by someone else: reopening and logging in again
 * can succeed.
 */
const SESSION_LOST = new Set([
  'CKR_DEVICE_REMOVED',
  'CKR_TOKEN_NOT_PRESENT',
  'CKR_TOKEN_NOT_RECOGNIZED',
  'CKR_SESSION_HANDLE_INVALID',
  'CKR_SESSION_CLOSED',
  'CKR_USER_NOT_LOGGED_IN',
]);

export function isSessionLost(error: unknown): boolean {
  const ckr = ckrOf(error);
  return ckr !== undefined && SESSION_LOST.has(ckr);
}

const KEY_HANDLE_STALE = new Set(['CKR_KEY_HANDLE_INVALID', 'CKR_OBJECT_HANDLE_INVALID']);

/** The object handle no longer names the key (handles are not stable across reconnects). */
export function isKeyHandleStale(error: unknown): boolean {
  const ckr = ckrOf(error);
  return ckr !== undefined && KEY_HANDLE_STALE.has(ckr);
}

const MECHANISM_REFUSED = new Set([
  'CKR_MECHANISM_INVALID',
  'CKR_MECHANISM_PARAM_INVALID',
  'CKR_KEY_TYPE_INCONSISTENT',
  'CKR_KEY_FUNCTION_NOT_PERMITTED',
  'CKR_KEY_SIZE_RANGE',
  'CKR_DATA_LEN_RANGE',
]);

export interface ErrorContext {
  /** How the token is named in messages, e.g. `"leader"`. */
  token?: string;
  /** How the key is named in messages. */
  key?: string;
  /** The operation or mechanism, for MECHANISM_NOT_SUPPORTED. */
  mechanism?: string;
}

/**
 * Maps anything thrown by pkcs11js (or by this library) to a Pkcs11Error. PIN_INCORRECT from here
 * carries no retry state: login reads the token flags after a failure and builds a richer error.
 */
export function toPkcs11Error(error: unknown, context: ErrorContext = {}): Pkcs11Error {
  if (error instanceof Pkcs11Error) return error;
  const ckr = ckrOf(error);
  const token = context.token ?? 'token';
  switch (ckr) {
    case 'CKR_PIN_INCORRECT':
    case 'CKR_PIN_INVALID':
    case 'CKR_PIN_LEN_RANGE':
      return Pkcs11Error.pinIncorrect({ lastTry: false, triesLeftLow: false }, ckr);
    case 'CKR_PIN_LOCKED':
      return Pkcs11Error.pinLocked(ckr);
    case undefined:
      break;
    default:
      if (SESSION_LOST.has(ckr) && ckr !== 'CKR_USER_NOT_LOGGED_IN') {
        return Pkcs11Error.deviceRemoved(token, ckr, error);
      }
      if (KEY_HANDLE_STALE.has(ckr)) return Pkcs11Error.keyNotFound(context.key ?? '', ckr);
      if (MECHANISM_REFUSED.has(ckr)) {
        return Pkcs11Error.mechanismNotSupported(`${context.mechanism ?? 'this mechanism'} (${ckr})`, ckr);
      }
      return Pkcs11Error.general(ckr, ckr, error);
  }
  const detail = error instanceof Error ? error.message : String(error);
  return Pkcs11Error.general(detail, undefined, error);
}
