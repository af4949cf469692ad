import type { KeyObject } from 'node:crypto';
import { inspect } from 'node:util';
import * as pkcs11js from 'pkcs11js';
import { ckrOf, isKeyHandleStale, isSessionLost, toPkcs11Error, type ErrorContext } from './native-error';
import { findObjects } from './object-attributes';
import { OperationLock } from './operation-lock';
import type { Pkcs11Module } from './pkcs11-module';
import type { Pkcs11Native } from './pkcs11-native';
import { Pkcs11Error, Pkcs11ErrorCode } from './pkcs11.error';
import { Secret } from './secret';
import {
  chooseSignMechanism,
  ckMechanismOf,
  signatureOutputOf,
  signInputOf,
  signMechanismSpec,
  type SignatureRequest,
  type SignMechanism,
  type SignMechanismSpec,
} from './sign-mechanism';
import { describeToken, type TokenDescription, type TokenSelector } from './token-description';
import {
  describeKeyQuery,
  describePrivateKey,
  findPrivateKey,
  listTokenObjects,
  publicKeyOf,
  type KeyQuery,
  type TokenKey,
  type TokenObject,
} from './token-objects';

export interface OpenTokenOptions {
  /**
   * Keep the PIN (in a Secret, in memory only) for the life of the session. Default true. It is
   * needed to log in again after the token was re-plugged or logged out, and for keys with
   * CKA_ALWAYS_AUTHENTICATE. Without it a lost session fails with DEVICE_REMOVED, and such keys
   * cannot sign.
   */
  readonly keepPin?: boolean;
}

export interface SignOptions {
  /** `data` is already the digest of the to-be-signed bytes (only host-hashed mechanisms). */
  readonly prehashed?: boolean;
}

/** CKS_RO_USER_FUNCTIONS, CKS_RW_USER_FUNCTIONS: the application is logged in as the user. */
const USER_SESSION_STATES = new Set([1, 3]);

/** Largest signature buffers when the key size is unknown: RSA-8192, and P-521 r‖s rounded up. */
const MAX_RSA_SIGNATURE = 1024;
const MAX_ECDSA_SIGNATURE = 264;
const CURVE_SIGNATURE_BYTES: Record<string, number> = {
  'P-256': 64,
  'P-384': 96,
  'P-521': 132,
  secp256k1: 64,
};

/**
 * One PKCS#11 session on a token, logged in as the user. Operations run one at a time (a session
 * holds one operation state); use a SessionPool to sign in parallel.
 *
 * PKCS#11 login belongs to the application, not the session: while any session of this process is
 * logged in to the token, C_Login answers CKR_USER_ALREADY_LOGGED_IN without checking the PIN.
 * Call `logout()` when a user's work is done.
 */
export class TokenSession {
  private readonly lock = new OperationLock();
  private closedFlag = false;

  private constructor(
    private readonly module: Pkcs11Module,
    private slot: Buffer,
    private handle: Buffer,
    private tokenDescription: TokenDescription,
    private readonly secret: Secret | undefined,
    private readonly ownsSecret: boolean,
  ) {}

  /** Prefer `module.openToken(...)`. A string PIN is copied into a Secret this session wipes on close. */
  static async open(
    module: Pkcs11Module,
    selector: TokenSelector,
    pin: string | Secret,
    options: OpenTokenOptions = {},
  ): Promise<TokenSession> {
    const ownsSecret = !(pin instanceof Secret);
    const secret = Secret.from(pin);
    const keepPin = options.keepPin !== false;
    let session: TokenSession | undefined;
    try {
      const { slot, token } = module.locateToken(selector);
      const handle = openLoggedInSession(module.native, slot, token, secret);
      session = new TokenSession(
        module,
        slot,
        handle,
        token,
        keepPin ? secret : undefined,
        ownsSecret && keepPin,
      );
      module.track(session);
      return session;
    } finally {
      if (ownsSecret && (!session || !keepPin)) secret.wipe();
    }
  }

  /** The token as described when the session was (re)opened. */
  get token(): TokenDescription {
    return this.tokenDescription;
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** Operations queued or running on this session. */
  get pendingOperations(): number {
    return this.lock.size;
  }

  /** Keys and certificates visible to the logged-in user. */
  listObjects(): Promise<TokenObject[]> {
    return this.run(() => listTokenObjects(this.module.native, this.handle), this.context());
  }

  findKey(query: KeyQuery): Promise<TokenKey> {
    return this.run(
      () => {
        const key = findPrivateKey(this.module.native, this.handle, query);
        this.module.keyHandles.remember(this.tokenIdentity, key);
        return key;
      },
      this.context({ key: describeKeyQuery(query) }),
    );
  }

  /** The key's public key as a node:crypto KeyObject (token attributes first, certificate last). */
  exportPublicKey(key: TokenKey): Promise<KeyObject> {
    return this.run(
      () => publicKeyOf(this.module.native, this.handle, { ...key, handle: this.keyHandle(key) }),
      this.context({ key: describeKey(key) }),
    );
  }

  /** The mechanism `signDigest` would use for this key and request on this token. */
  chooseMechanism(key: TokenKey, request: SignatureRequest): SignMechanism {
    return chooseSignMechanism(key.keyType, request, this.mechanisms());
  }

  /**
   * Signs the to-be-signed bytes `data` with the scheme and hash asked for, through whichever
   * mechanism the token supports. Returns the signature as CMS wants it (ECDSA: DER).
   */
  signDigest(key: TokenKey, request: SignatureRequest, data: Uint8Array): Promise<Buffer> {
    let mechanism: SignMechanism;
    try {
      mechanism = this.chooseMechanism(key, request);
    } catch (error) {
      return Promise.reject(toPkcs11Error(error, this.context()));
    }
    return this.sign(key, mechanism, data, { prehashed: request.prehashed });
  }

  /** Signs with exactly `mechanism` (see SignMechanism), off the event loop. */
  sign(
    key: TokenKey,
    mechanism: SignMechanism,
    data: Uint8Array,
    options: SignOptions = {},
  ): Promise<Buffer> {
    let spec: SignMechanismSpec;
    let input: Buffer;
    try {
      spec = signMechanismSpec(mechanism);
      if (spec.keyType !== key.keyType) {
        throw Pkcs11Error.mechanismNotSupported(`${mechanism} with an ${key.keyType.toUpperCase()} key`);
      }
      input = signInputOf(spec, data, options.prehashed);
    } catch (error) {
      return Promise.reject(toPkcs11Error(error, this.context({ mechanism })));
    }
    return this.run(
      () => this.signWithSpec(key, spec, input),
      this.context({ key: describeKey(key), mechanism: `${spec.name} (${spec.ckmName})` }),
    );
  }

  /** Logs the application out of the token (every session of this process on it). */
  logout(): Promise<void> {
    return this.lock.run(() => {
      if (this.closedFlag) return;
      try {
        this.module.native.C_Logout(this.handle);
      } catch (error) {
        if (ckrOf(error) !== 'CKR_USER_NOT_LOGGED_IN' && !isSessionLost(error)) {
          throw toPkcs11Error(error, this.context());
        }
      }
    });
  }

  /** Closes the session after the running operation; wipes the PIN if this session owns it. */
  close(): Promise<void> {
    return this.lock.run(() => {
      if (this.closedFlag) return;
      this.closedFlag = true;
      this.module.untrack(this);
      if (this.ownsSecret) this.secret?.wipe();
      if (this.module.closed) return;
      try {
        this.module.native.C_CloseSession(this.handle);
      } catch {
        // Already gone with the token: nothing left to release.
      }
    });
  }

  toJSON(): object {
    return {
      token: this.tokenDescription.label,
      serial: this.tokenDescription.serial,
      closed: this.closedFlag,
    };
  }

  [inspect.custom](): string {
    return `TokenSession ${inspect(this.toJSON())}`;
  }

  private get tokenIdentity(): string {
    return `${this.tokenDescription.label}\u0000${this.tokenDescription.serial}`;
  }

  private mechanisms(): ReadonlySet<number> {
    return this.module.mechanismsOf(this.slot, this.tokenDescription);
  }

  private context(extra: Omit<ErrorContext, 'token'> = {}): ErrorContext {
    return { token: `"${this.tokenDescription.label}"`, ...extra };
  }

  private async signWithSpec(key: TokenKey, spec: SignMechanismSpec, input: Buffer): Promise<Buffer> {
    if (!this.mechanisms().has(spec.ckm)) {
      throw Pkcs11Error.mechanismNotSupported(`${spec.name} (${spec.ckmName})`);
    }
    try {
      return await this.signOnce(this.keyHandle(key), key, spec, input);
    } catch (error) {
      if (!isKeyHandleStale(error)) throw error;
      return await this.signOnce(this.relocate(key), key, spec, input);
    }
  }

  private async signOnce(
    keyHandle: Buffer,
    key: TokenKey,
    spec: SignMechanismSpec,
    input: Buffer,
  ): Promise<Buffer> {
    const native = this.module.native;
    native.C_SignInit(this.handle, ckMechanismOf(spec), keyHandle);
    if (key.alwaysAuthenticate) this.loginForOperation(key);
    const output = Buffer.alloc(signatureBufferLength(key));
    const raw = await native.C_SignAsync(this.handle, input, output);
    return signatureOutputOf(spec, raw);
  }

  /** CKA_ALWAYS_AUTHENTICATE keys need the PIN again between C_SignInit and C_Sign. */
  private loginForOperation(key: TokenKey): void {
    if (!this.secret) {
      this.abandonOperation();
      throw Pkcs11Error.general(
        `key ${describeKey(key)} needs the PIN for every signature, but this session was opened with keepPin: false`,
      );
    }
    try {
      this.secret.use((pin) => this.module.native.C_Login(this.handle, pkcs11js.CKU_CONTEXT_SPECIFIC, pin));
    } catch (error) {
      this.abandonOperation();
      throw toPkcs11Error(error, this.context());
    }
  }

  /** PKCS#11 v2.40 cannot cancel a started C_SignInit: a fresh session is the only clean state. */
  private abandonOperation(): void {
    try {
      this.reconnect();
    } catch {
      // The next operation will meet the dead session and reconnect or report it.
    }
  }

  private keyHandle(key: TokenKey): Buffer {
    return this.module.keyHandles.current(this.tokenIdentity, key) ?? this.relocate(key);
  }

  /** Finds `key` again after a reconnect, by CKA_ID (or label when it has no id). */
  private relocate(key: TokenKey): Buffer {
    const native = this.module.native;
    const match: pkcs11js.Template = key.idHex
      ? [{ type: pkcs11js.CKA_ID, value: Buffer.from(key.idHex, 'hex') }]
      : [{ type: pkcs11js.CKA_LABEL, value: key.label }];
    const handle = findObjects(native, this.handle, [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
      ...match,
    ]).find((candidate) => describePrivateKey(native, this.handle, candidate)?.keyType === key.keyType);
    if (!handle) throw Pkcs11Error.keyNotFound(describeKey(key));
    this.module.keyHandles.remember(this.tokenIdentity, key, handle);
    return handle;
  }

  /**
   * Runs `operation` under the session lock. If the session turns out to be lost (token removed,
   * handle invalid, logged out), reopens it once on the same token and retries.
   */
  private run<T>(operation: () => T | Promise<T>, context: ErrorContext): Promise<T> {
    if (this.closedFlag) return Promise.reject(Pkcs11Error.sessionClosed());
    return this.lock.run(async () => {
      if (this.closedFlag) throw Pkcs11Error.sessionClosed();
      try {
        return await operation();
      } catch (error) {
        if (!isSessionLost(error)) throw toPkcs11Error(error, context);
        this.reconnect(error);
      }
      try {
        return await operation();
      } catch (error) {
        throw toPkcs11Error(error, context);
      }
    });
  }

  /**
   * Finds the same token again (label and serial: the PIN must not go to another token that
   * happens to share the label), possibly in a new slot, and opens a logged-in session there.
   */
  private reconnect(cause?: unknown): void {
    const native = this.module.native;
    const label = `"${this.tokenDescription.label}"`;
    try {
      native.C_CloseSession(this.handle);
    } catch {
      // The old handle is usually dead already.
    }
    const gone = (): Pkcs11Error => Pkcs11Error.deviceRemoved(label, ckrOf(cause), cause);
    let located;
    try {
      located = this.module.locateToken({ label: this.tokenDescription.label }, this.tokenDescription.serial);
    } catch (error) {
      if (error instanceof Pkcs11Error && error.code === Pkcs11ErrorCode.TOKEN_NOT_FOUND) throw gone();
      throw error;
    }
    // Without a kept PIN this works only while the application is still logged in (another
    // session of it on the token); otherwise the session is as good as removed.
    this.handle = openLoggedInSession(native, located.slot, located.token, this.secret, gone);
    this.slot = located.slot;
    this.tokenDescription = located.token;
    this.module.keyHandles.invalidate(this.tokenIdentity);
  }
}

/**
 * Opens a read-only session and logs the application in unless it already is. A locked PIN is
 * reported without trying (a try would be wasted); after a wrong PIN the token's flags tell how
 * close it is to locking.
 */
function openLoggedInSession(
  native: Pkcs11Native,
  slot: Buffer,
  token: TokenDescription,
  secret: Secret | undefined,
  missingPin: () => Pkcs11Error = () => Pkcs11Error.pinIncorrect({ lastTry: false, triesLeftLow: false }),
): Buffer {
  const context = { token: `"${token.label}"` };
  let session: Buffer;
  try {
    session = native.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
  } catch (error) {
    throw toPkcs11Error(error, context);
  }
  try {
    if (token.flags.loginRequired && !USER_SESSION_STATES.has(native.C_GetSessionInfo(session).state)) {
      if (token.flags.userPinLocked) throw Pkcs11Error.pinLocked();
      if (!secret) throw missingPin();
      logIn(native, slot, session, token, secret);
    }
    return session;
  } catch (error) {
    try {
      native.C_CloseSession(session);
    } catch {
      // Closing is best effort; the login failure is what the caller needs.
    }
    throw toPkcs11Error(error, context);
  }
}

function logIn(
  native: Pkcs11Native,
  slot: Buffer,
  session: Buffer,
  token: TokenDescription,
  secret: Secret,
): void {
  try {
    secret.use((pin) => {
      // An empty PIN on a PIN-pad reader lets the reader ask for it (protected authentication path).
      if (pin === '' && token.flags.protectedAuthenticationPath) native.C_Login(session, pkcs11js.CKU_USER);
      else native.C_Login(session, pkcs11js.CKU_USER, pin);
    });
  } catch (error) {
    const ckr = ckrOf(error);
    if (ckr === 'CKR_USER_ALREADY_LOGGED_IN') return;
    if (ckr === 'CKR_PIN_INCORRECT' || ckr === 'CKR_PIN_INVALID' || ckr === 'CKR_PIN_LEN_RANGE') {
      const after = describeToken(token.slotId, native.C_GetTokenInfo(slot)).flags;
      if (after.userPinLocked) throw Pkcs11Error.pinLocked(ckr);
      throw Pkcs11Error.pinIncorrect(
        { lastTry: after.userPinFinalTry, triesLeftLow: after.userPinCountLow },
        ckr,
      );
    }
    throw error;
  }
}

function describeKey(key: TokenKey): string {
  return key.label ? `"${key.label}"` : `id ${key.idHex}`;
}

function signatureBufferLength(key: TokenKey): number {
  if (key.keyType === 'rsa') return key.modulusBits ? Math.ceil(key.modulusBits / 8) : MAX_RSA_SIGNATURE;
  return (key.curve && CURVE_SIGNATURE_BYTES[key.curve]) || MAX_ECDSA_SIGNATURE;
}
