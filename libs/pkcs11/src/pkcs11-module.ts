import { realpathSync } from 'node:fs';
import * as pkcs11js from 'pkcs11js';
import { KeyHandleRegistry } from './key-handle-registry';
import { ckrOf, toPkcs11Error } from './native-error';
import { handleToString, type Pkcs11Native } from './pkcs11-native';
import { Pkcs11Error, Pkcs11ErrorCode } from './pkcs11.error';
import type { Secret } from './secret';
import { SessionPool, type SessionPoolOptions } from './session-pool';
import {
  describeSelector,
  describeSlot,
  describeToken,
  matchesSelector,
  trimPadded,
  type SlotDescription,
  type TokenDescription,
  type TokenSelector,
} from './token-description';
import { TokenSession, type OpenTokenOptions } from './token-session';

export interface Pkcs11ModuleInfo {
  readonly path: string;
  readonly manufacturer: string;
  readonly description: string;
  readonly cryptokiVersion: string;
  readonly libraryVersion: string;
}

export interface LocatedToken {
  /** The CK_SLOT_ID handle; valid until the token is removed. */
  readonly slot: Buffer;
  readonly token: TokenDescription;
}

interface Closable {
  close(): Promise<void>;
}

/**
 * A loaded and initialised PKCS#11 library. C_Initialize may succeed only once per process, so
 * `load` hands out one shared instance per library file and counts its users; the last `close()`
 * closes the remaining sessions and calls C_Finalize.
 */
export class Pkcs11Module {
  private static readonly loaded = new Map<string, Pkcs11Module>();

  /** @internal Shared by every session on this module's tokens. */
  readonly keyHandles = new KeyHandleRegistry();
  private references = 1;
  private closedFlag = false;
  private readonly mechanismLists = new Map<string, ReadonlySet<number>>();
  private readonly openSessions = new Set<Closable>();

  private constructor(
    readonly path: string,
    private readonly nativeModule: Pkcs11Native,
    /** False when another component of the process initialised the library: it finalises, not us. */
    private readonly finalizeOnClose: boolean,
  ) {}

  /**
   * Loads the library at `path` (or returns the already loaded instance) and initialises it with
   * CKF_OS_LOCKING_OK: pkcs11js calls it from libuv worker threads.
   */
  static load(path: string): Pkcs11Module {
    const resolved = resolveLibraryPath(path);
    const cached = Pkcs11Module.loaded.get(resolved);
    if (cached) {
      cached.references++;
      return cached;
    }
    const native = new pkcs11js.PKCS11();
    try {
      native.load(resolved);
    } catch (error) {
      throw isMissingFileError(error)
        ? Pkcs11Error.moduleNotFound(path, error)
        : Pkcs11Error.moduleInvalid(path, error);
    }
    let finalizeOnClose = true;
    try {
      native.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
    } catch (error) {
      if (ckrOf(error) !== 'CKR_CRYPTOKI_ALREADY_INITIALIZED') throw toPkcs11Error(error);
      finalizeOnClose = false;
    }
    const module = new Pkcs11Module(resolved, native, finalizeOnClose);
    Pkcs11Module.loaded.set(resolved, module);
    return module;
  }

  /** Wraps an already initialised implementation (an in-memory token in unit tests). Not cached. */
  static fromNative(native: Pkcs11Native, path = 'in-memory'): Pkcs11Module {
    return new Pkcs11Module(path, native, true);
  }

  /**
   * The raw pkcs11js calls, for benchmarks and diagnostics. Bypasses this library's locking,
   * reconnects and error mapping: never use it on a session a TokenSession owns.
   */
  get native(): Pkcs11Native {
    this.assertOpen();
    return this.nativeModule;
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  info(): Pkcs11ModuleInfo {
    const info = this.call(() => this.native.C_GetInfo());
    const version = (v: pkcs11js.Version): string => `${v.major}.${v.minor}`;
    return {
      path: this.path,
      manufacturer: trimPadded(info.manufacturerID),
      description: trimPadded(info.libraryDescription),
      cryptokiVersion: version(info.cryptokiVersion),
      libraryVersion: version(info.libraryVersion),
    };
  }

  listSlots(): SlotDescription[] {
    return this.call(() =>
      this.native.C_GetSlotList(false).map((slot) => {
        const slotId = handleToString(slot);
        const info = this.native.C_GetSlotInfo(slot);
        const tokenPresent = describeSlot(slotId, info).tokenPresent;
        return describeSlot(slotId, info, tokenPresent ? this.tryDescribeToken(slot) : undefined);
      }),
    );
  }

  listTokens(): TokenDescription[] {
    return this.call(() =>
      this.native
        .C_GetSlotList(true)
        .map((slot) => this.tryDescribeToken(slot))
        .filter((token): token is TokenDescription => token !== undefined),
    );
  }

  /**
   * Finds the one token matching `selector` in the slots present now. `serial`, when given,
   * must match too: a reconnect must never send the PIN to another token with the same label.
   */
  locateToken(selector: TokenSelector, serial?: string): LocatedToken {
    const matches = this.call(() =>
      this.native
        .C_GetSlotList(true)
        .map((slot) => ({ slot, token: this.tryDescribeToken(slot) }))
        .filter(
          (entry): entry is LocatedToken =>
            entry.token !== undefined &&
            matchesSelector(entry.token, selector) &&
            (serial === undefined || entry.token.serial === serial),
        ),
    );
    if (matches.length === 0) throw Pkcs11Error.tokenNotFound(describeSelector(selector));
    if (matches.length > 1) throw Pkcs11Error.tokenAmbiguous(describeSelector(selector), matches.length);
    return matches[0];
  }

  /** C_GetMechanismList of the token in `slot`, asked once per slot and token. */
  mechanismsOf(slot: Buffer, token: TokenDescription): ReadonlySet<number> {
    const key = `${handleToString(slot)}\u0000${token.serial}\u0000${token.label}`;
    let mechanisms = this.mechanismLists.get(key);
    if (!mechanisms) {
      mechanisms = new Set(this.call(() => this.native.C_GetMechanismList(slot)));
      this.mechanismLists.set(key, mechanisms);
    }
    return mechanisms;
  }

  /** Opens a session on the token and logs in. See TokenSession for PIN handling. */
  openToken(
    selector: TokenSelector,
    pin: string | Secret,
    options: OpenTokenOptions = {},
  ): Promise<TokenSession> {
    this.assertOpen();
    return TokenSession.open(this, selector, pin, options);
  }

  /** Opens `size` sessions on the token for parallel signing; see SessionPool. */
  openPool(
    selector: TokenSelector,
    pin: string | Secret,
    options: SessionPoolOptions = {},
  ): Promise<SessionPool> {
    this.assertOpen();
    return SessionPool.open(this, selector, pin, options);
  }

  /** @internal Sessions register so that the last close() can close them before C_Finalize. */
  track(session: Closable): void {
    this.openSessions.add(session);
  }

  /** @internal */
  untrack(session: Closable): void {
    this.openSessions.delete(session);
  }

  /** Releases this user's reference; the last one closes open sessions and finalises the library. */
  async close(): Promise<void> {
    if (this.closedFlag) return;
    if (--this.references > 0) return;
    this.closedFlag = true;
    if (Pkcs11Module.loaded.get(this.path) === this) Pkcs11Module.loaded.delete(this.path);
    await Promise.allSettled([...this.openSessions].map((session) => session.close()));
    this.mechanismLists.clear();
    // The library stays mapped (no dlclose): modules linked against OpenSSL do not all survive
    // being unloaded and reloaded, and the cache may load the same path again.
    if (this.finalizeOnClose) {
      try {
        this.nativeModule.C_Finalize();
      } catch (error) {
        if (ckrOf(error) !== 'CKR_CRYPTOKI_NOT_INITIALIZED') throw toPkcs11Error(error);
      }
    }
  }

  toJSON(): object {
    return { path: this.path, closed: this.closedFlag };
  }

  private tryDescribeToken(slot: Buffer): TokenDescription | undefined {
    try {
      return describeToken(handleToString(slot), this.native.C_GetTokenInfo(slot));
    } catch (error) {
      // The token left between C_GetSlotList and C_GetTokenInfo, or is not readable: not listed.
      const ckr = ckrOf(error);
      if (
        ckr === 'CKR_TOKEN_NOT_PRESENT' ||
        ckr === 'CKR_TOKEN_NOT_RECOGNIZED' ||
        ckr === 'CKR_DEVICE_REMOVED'
      ) {
        return undefined;
      }
      throw error;
    }
  }

  private call<T>(operation: () => T): T {
    this.assertOpen();
    try {
      return operation();
    } catch (error) {
      throw toPkcs11Error(error);
    }
  }

  private assertOpen(): void {
    if (this.closedFlag) {
      throw new Pkcs11Error(Pkcs11ErrorCode.SESSION_CLOSED, {
        en: `The PKCS#11 module ${this.path} has been closed.`,
        vi: `Thư viện PKCS#11 ${this.path} đã được đóng.`,
      });
    }
  }
}

/**
 * A path with a directory part must exist; a bare file name is left to the dynamic loader's
 * search path. The real path is the cache key, so symlinks to one library share one instance.
 */
function resolveLibraryPath(path: string): string {
  if (!/[\\/]/.test(path)) return path;
  try {
    return realpathSync(path);
  } catch (error) {
    throw Pkcs11Error.moduleNotFound(path, error);
  }
}

function isMissingFileError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /no such file|cannot find|could not be found|image not found/i.test(message);
}
