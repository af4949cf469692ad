import type { Secret, TokenSession } from '@kyso/pkcs11';

/** Why a PIN was forgotten; logged (the PIN never is). */
export type ForgetReason =
  'timeout' | 'removed' | 'wrong-pin' | 'new-pin' | 'session-lost' | 'single-use' | 'shutdown';

interface Entry {
  session: TokenSession;
  pin: Secret;
  timer: NodeJS.Timeout;
}

/**
 * The tokens the leader has unlocked, by serial: a logged-in session and the PIN in a Secret, both
 * dropped together when the time is up. Forgetting logs the token out as well — PKCS#11 login belongs to
 * the process, so a logged-in token would otherwise go on signing without a PIN.
 */
export class LoggedInTokens {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs: number,
    private readonly onForget: (serial: string, reason: ForgetReason) => void,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  serials(): string[] {
    return [...this.entries.keys()];
  }

  session(serial: string): TokenSession | undefined {
    return this.entries.get(serial)?.session;
  }

  /** The PIN is owned from now on and wiped when forgotten. The lifetime runs from when it was typed. */
  remember(serial: string, session: TokenSession, pin: Secret): void {
    const timer = setTimeout(() => void this.forget(serial, 'timeout'), this.ttlMs);
    timer.unref();
    this.entries.set(serial, { session, pin, timer });
  }

  pin(serial: string): Secret | undefined {
    return this.entries.get(serial)?.pin;
  }

  async forget(serial: string, reason: ForgetReason): Promise<void> {
    const entry = this.entries.get(serial);
    if (!entry) return;
    this.entries.delete(serial);
    clearTimeout(entry.timer);
    entry.pin.wipe();
    await closeQuietly(entry.session);
    this.onForget(serial, reason);
  }

  async forgetAll(reason: ForgetReason): Promise<void> {
    await Promise.all(this.serials().map((serial) => this.forget(serial, reason)));
  }
}

/** Logout then close; both may fail harmlessly when the token is already gone. */
export async function closeQuietly(session: TokenSession): Promise<void> {
  try {
    await session.logout();
  } catch {
    // Removed token: nothing is logged in any more.
  }
  try {
    await session.close();
  } catch {
    // Same.
  }
}
