import {
  AgentErrorCode,
  type AgentCertificate,
  type AgentCertificateList,
  type AgentToken,
} from '@kyso/agent-protocol';
import {
  Pkcs11Error,
  Pkcs11ErrorCode,
  Pkcs11Module,
  type Secret,
  type SignatureScheme,
  type TokenDescription,
  type TokenSession,
} from '@kyso/pkcs11';
import { basename } from 'node:path';
import { AgentError } from '../agent-error';
import type { AgentLog } from '../logging/agent-log';
import { summariseCertificates } from './certificate-summary';
import { KeyedMutex } from './keyed-mutex';
import { LoggedInTokens } from './logged-in-tokens';
import { readPublicCertificates } from './public-certificates';
import type { TokenAccess, TokenSignature, TokenSignRequest } from './token-access';

export interface Pkcs11TokenAccessOptions {
  modulePaths: readonly string[];
  pinCacheSeconds: number;
  rsaScheme: 'pkcs1' | 'pss';
  log: AgentLog;
  /** How often to check that unlocked tokens are still plugged in. */
  presencePollMs?: number;
  /** Loads a module; tests may count or refuse loads. */
  loadModule?: (path: string) => Pkcs11Module;
}

interface FoundToken {
  module: Pkcs11Module;
  token: TokenDescription;
}

const REPLUGGED_VI = 'USB token đã được rút ra hoặc cắm lại. Hãy nhập lại mã PIN.';

/**
 * The USB tokens seen through one or more PKCS#11 libraries. Slots are enumerated on every call, so
 * a token can be unplugged and plugged back (even into another port) while the agent runs.
 */
export class Pkcs11TokenAccess implements TokenAccess {
  private readonly modules = new Map<string, Pkcs11Module>();
  private readonly failedModules = new Set<string>();
  private readonly loggedIn: LoggedInTokens;
  private readonly mutex = new KeyedMutex();
  private presenceTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: Pkcs11TokenAccessOptions) {
    this.loggedIn = new LoggedInTokens(Math.max(options.pinCacheSeconds, 1) * 1000, (serial, reason) => {
      options.log.info('pin.forgotten', { tokenSerial: serial, reason });
      if (this.loggedIn.size === 0) this.stopPresenceWatch();
    });
  }

  async inventory(): Promise<AgentCertificateList> {
    const tokens: AgentToken[] = [];
    const certificates: AgentCertificate[] = [];
    for (const { module, token } of this.presentTokens()) {
      tokens.push({
        tokenLabel: token.label,
        tokenSerial: token.serial,
        manufacturer: token.manufacturer,
        model: token.model,
        module: basename(module.path),
      });
      try {
        certificates.push(...summariseCertificates(readPublicCertificates(module, token), token));
      } catch (err) {
        // One unreadable token must not hide the others.
        this.options.log.warn('token.unreadable', {
          tokenSerial: token.serial,
          error: (err as Error).message,
        });
      }
    }
    return { tokens, certificates };
  }

  sign(request: TokenSignRequest): Promise<TokenSignature> {
    return this.mutex.run(request.tokenSerial, () => this.signLocked(request));
  }

  async close(): Promise<void> {
    this.stopPresenceWatch();
    await this.loggedIn.forgetAll('shutdown');
    await Promise.allSettled([...this.modules.values()].map((m) => m.close()));
    this.modules.clear();
  }

  private async signLocked(request: TokenSignRequest): Promise<TokenSignature> {
    const found = this.findToken(request.tokenSerial);
    if (!found) {
      request.pin?.wipe();
      await this.loggedIn.forget(request.tokenSerial, 'removed');
      throw new AgentError(
        this.presentTokens().length ? AgentErrorCode.TOKEN_NOT_FOUND : AgentErrorCode.NO_TOKEN,
      );
    }
    const serial = request.tokenSerial;
    let session: TokenSession;
    if (request.pin) {
      // A PIN typed now is checked now: log out first, or C_Login would not look at it (login is per process).
      await this.loggedIn.forget(serial, 'new-pin');
      session = await this.logIn(found, request.pin);
    } else {
      const held = this.loggedIn.session(serial);
      if (!held) throw new AgentError(AgentErrorCode.PIN_REQUIRED);
      session = held;
    }
    try {
      const key = await session.findKey({ certificateDer: request.certificateDer });
      const scheme: SignatureScheme = key.keyType === 'ec' ? 'ecdsa' : this.options.rsaScheme;
      const signatureRequest = { hash: request.digestAlgorithm, scheme, prehashed: true } as const;
      let signature: Buffer;
      if (key.alwaysAuthenticate) {
        // Such a key needs the PIN again for each signature, so it signs in a session of its own that keeps
        // the PIN, closed right after; the held session never keeps it and so never re-logs in after a re-plug.
        const perSignature = await found.module.openToken({ serial }, this.loggedIn.pin(serial)!, {
          keepPin: true,
        });
        try {
          const sameKey = await perSignature.findKey({ certificateDer: request.certificateDer });
          signature = await perSignature.signDigest(sameKey, signatureRequest, request.digest);
        } finally {
          await perSignature.close();
        }
      } else {
        signature = await session.signDigest(key, signatureRequest, request.digest);
      }
      if (this.options.pinCacheSeconds === 0) await this.loggedIn.forget(serial, 'single-use');
      return {
        signature,
        signatureAlgorithm: scheme === 'ecdsa' ? 'ecdsa' : scheme === 'pss' ? 'rsa-pss' : 'rsa-pkcs1',
      };
    } catch (err) {
      throw await this.afterSignFailure(serial, err);
    }
  }

  /** Opens a logged-in session; on success the token stays unlocked for pinCacheSeconds. */
  private async logIn(found: FoundToken, pin: Secret): Promise<TokenSession> {
    const serial = found.token.serial;
    if (found.token.flags.userPinLocked) {
      pin.wipe();
      throw new AgentError(AgentErrorCode.PIN_LOCKED);
    }
    let session: TokenSession;
    try {
      // No PIN kept inside the session: after a re-plug it must fail rather than log in again silently.
      session = await found.module.openToken({ serial }, pin, { keepPin: false });
    } catch (err) {
      pin.wipe();
      throw err;
    }
    this.loggedIn.remember(serial, session, pin);
    this.options.log.info('pin.accepted', { tokenSerial: serial, keepSeconds: this.options.pinCacheSeconds });
    this.startPresenceWatch();
    return session;
  }

  private async afterSignFailure(serial: string, err: unknown): Promise<unknown> {
    if (!(err instanceof Pkcs11Error)) return err;
    switch (err.code) {
      case Pkcs11ErrorCode.DEVICE_REMOVED:
      case Pkcs11ErrorCode.SESSION_CLOSED: {
        await this.loggedIn.forget(serial, 'session-lost');
        // Back already (re-plugged): the leader only needs to type the PIN again.
        return this.findToken(serial)
          ? new AgentError(AgentErrorCode.PIN_REQUIRED, { messageVi: REPLUGGED_VI, detail: err.message })
          : new AgentError(AgentErrorCode.TOKEN_REMOVED, { detail: err.message });
      }
      case Pkcs11ErrorCode.PIN_INCORRECT:
      case Pkcs11ErrorCode.PIN_LOCKED:
        await this.loggedIn.forget(serial, 'wrong-pin');
        return err;
      default:
        return err;
    }
  }

  private loadedModules(): Pkcs11Module[] {
    const load = this.options.loadModule ?? ((path: string) => Pkcs11Module.load(path));
    for (const path of this.options.modulePaths) {
      if (this.modules.has(path) || this.failedModules.has(path)) continue;
      try {
        this.modules.set(path, load(path));
        this.options.log.info('module.loaded', { module: path });
      } catch (err) {
        // Reported once; an unusable vendor library must not stop the others from working.
        this.failedModules.add(path);
        this.options.log.warn('module.unusable', { module: path, error: (err as Error).message });
      }
    }
    if (this.modules.size === 0) throw new AgentError(AgentErrorCode.NO_MODULE);
    return [...this.modules.values()];
  }

  private presentTokens(): FoundToken[] {
    const found: FoundToken[] = [];
    for (const module of this.loadedModules()) {
      try {
        // Uninitialised tokens (SoftHSM's spare slot, a blank card) hold nothing to sign with.
        for (const token of module.listTokens())
          if (token.flags.tokenInitialized) found.push({ module, token });
      } catch (err) {
        this.options.log.warn('module.list_failed', { module: module.path, error: (err as Error).message });
      }
    }
    return found;
  }

  private findToken(serial: string): FoundToken | undefined {
    return this.presentTokens().find((t) => t.token.serial === serial);
  }

  private startPresenceWatch(): void {
    if (this.presenceTimer) return;
    this.presenceTimer = setInterval(() => void this.checkPresence(), this.options.presencePollMs ?? 2000);
    this.presenceTimer.unref();
  }

  private stopPresenceWatch(): void {
    if (this.presenceTimer) clearInterval(this.presenceTimer);
    this.presenceTimer = undefined;
  }

  /** Forgets the PIN of every unlocked token that is no longer plugged in. */
  private async checkPresence(): Promise<void> {
    let present: Set<string>;
    try {
      present = new Set(this.presentTokens().map((t) => t.token.serial));
    } catch {
      return;
    }
    for (const serial of this.loggedIn.serials()) {
      if (!present.has(serial)) await this.mutex.run(serial, () => this.loggedIn.forget(serial, 'removed'));
    }
  }
}
