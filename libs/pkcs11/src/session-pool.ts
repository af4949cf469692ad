import type { KeyObject } from 'node:crypto';
import { inspect } from 'node:util';
import type { Pkcs11Module } from './pkcs11-module';
import { Pkcs11Error } from './pkcs11.error';
import { Secret } from './secret';
import type { SignatureRequest, SignMechanism } from './sign-mechanism';
import type { TokenDescription, TokenSelector } from './token-description';
import type { KeyQuery, TokenKey, TokenObject } from './token-objects';
import { TokenSession, type OpenTokenOptions, type SignOptions } from './token-session';

export interface SessionPoolOptions extends OpenTokenOptions {
  /** Sessions to open; default 4, which is also the size of libuv's default thread pool. */
  readonly size?: number;
  /** Requests that may wait for a free session; beyond that they fail with POOL_QUEUE_FULL. Default 1024. */
  readonly maxQueue?: number;
}

interface Waiter {
  start(session: TokenSession): void;
  reject(error: Error): void;
}

const MAX_POOL_SIZE = 64;

/**
 * N sessions on one token (an HSM or the organisation's token) so that signatures run in parallel,
 * each on a libuv worker thread. Requests beyond the free sessions wait in a bounded FIFO queue.
 * Login happens once, on the first session: PKCS#11 login is per application and token, so the
 * other sessions open already logged in.
 */
export class SessionPool {
  private readonly idle: TokenSession[];
  private readonly waiters: Waiter[] = [];
  private closedFlag = false;

  private constructor(
    private readonly module: Pkcs11Module,
    private readonly sessions: readonly TokenSession[],
    private readonly maxQueue: number,
    private readonly ownedSecret: Secret | undefined,
  ) {
    this.idle = [...sessions];
  }

  /** Prefer `module.openPool(...)`. */
  static async open(
    module: Pkcs11Module,
    selector: TokenSelector,
    pin: string | Secret,
    options: SessionPoolOptions = {},
  ): Promise<SessionPool> {
    const size = options.size ?? 4;
    const maxQueue = options.maxQueue ?? 1024;
    if (!Number.isInteger(size) || size < 1 || size > MAX_POOL_SIZE) {
      throw new RangeError(`pool size must be an integer from 1 to ${MAX_POOL_SIZE}, got ${size}`);
    }
    if (!Number.isInteger(maxQueue) || maxQueue < 0) {
      throw new RangeError(`maxQueue must be a non-negative integer, got ${maxQueue}`);
    }
    const ownsSecret = !(pin instanceof Secret);
    const secret = Secret.from(pin);
    const keepPin = options.keepPin !== false;
    const sessions: TokenSession[] = [];
    try {
      for (let i = 0; i < size; i++) {
        // Members borrow the pool's Secret; the pool wipes it on close.
        sessions.push(await TokenSession.open(module, selector, secret, { keepPin }));
      }
    } catch (error) {
      await Promise.allSettled(sessions.map((session) => session.close()));
      if (ownsSecret) secret.wipe();
      throw error;
    }
    if (ownsSecret && !keepPin) secret.wipe();
    const pool = new SessionPool(module, sessions, maxQueue, ownsSecret && keepPin ? secret : undefined);
    module.track(pool);
    return pool;
  }

  get size(): number {
    return this.sessions.length;
  }

  get idleSessions(): number {
    return this.idle.length;
  }

  /** Requests waiting for a free session. */
  get queued(): number {
    return this.waiters.length;
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  get token(): TokenDescription {
    return this.sessions[0].token;
  }

  listObjects(): Promise<TokenObject[]> {
    return this.withSession((session) => session.listObjects());
  }

  findKey(query: KeyQuery): Promise<TokenKey> {
    return this.withSession((session) => session.findKey(query));
  }

  exportPublicKey(key: TokenKey): Promise<KeyObject> {
    return this.withSession((session) => session.exportPublicKey(key));
  }

  chooseMechanism(key: TokenKey, request: SignatureRequest): SignMechanism {
    return this.sessions[0].chooseMechanism(key, request);
  }

  sign(key: TokenKey, mechanism: SignMechanism, data: Uint8Array, options?: SignOptions): Promise<Buffer> {
    return this.withSession((session) => session.sign(key, mechanism, data, options));
  }

  signDigest(key: TokenKey, request: SignatureRequest, data: Uint8Array): Promise<Buffer> {
    return this.withSession((session) => session.signDigest(key, request, data));
  }

  /** Rejects waiting requests, lets running ones finish, closes every session and wipes the PIN. */
  async close(): Promise<void> {
    if (this.closedFlag) return;
    this.closedFlag = true;
    this.module.untrack(this);
    for (const waiter of this.waiters.splice(0)) waiter.reject(Pkcs11Error.sessionClosed());
    await Promise.allSettled(this.sessions.map((session) => session.close()));
    this.ownedSecret?.wipe();
  }

  toJSON(): object {
    return {
      token: this.token.label,
      size: this.size,
      idle: this.idle.length,
      queued: this.waiters.length,
      closed: this.closedFlag,
    };
  }

  [inspect.custom](): string {
    return `SessionPool ${inspect(this.toJSON())}`;
  }

  /**
   * Starts `work` on a free session synchronously (so that a close() right after a request cannot
   * overtake it), or queues it. A queued request starts from release(), again without a gap.
   */
  private withSession<T>(work: (session: TokenSession) => Promise<T>): Promise<T> {
    if (this.closedFlag) return Promise.reject(Pkcs11Error.sessionClosed());
    const session = this.idle.pop();
    if (session) return this.runOn(session, work);
    if (this.waiters.length >= this.maxQueue) return Promise.reject(Pkcs11Error.poolQueueFull(this.maxQueue));
    return new Promise<T>((resolve, reject) => {
      this.waiters.push({ start: (free) => this.runOn(free, work).then(resolve, reject), reject });
    });
  }

  private async runOn<T>(session: TokenSession, work: (session: TokenSession) => Promise<T>): Promise<T> {
    try {
      return await work(session);
    } finally {
      this.release(session);
    }
  }

  private release(session: TokenSession): void {
    if (this.closedFlag) return;
    const waiter = this.waiters.shift();
    if (waiter) waiter.start(session);
    else this.idle.push(session);
  }
}
