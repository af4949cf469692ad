import type { TokenKey } from './token-objects';

/**
 * Object handles are shared by all sessions of the application on a token, but stop meaning
 * anything once the token is re-plugged; worse, a module may reuse a number for another object.
 * Every reconnect therefore starts a new epoch for the token, and a key's handle is trusted only in
 * the epoch it was found in; otherwise the key is looked up again by CKA_ID.
 */
export class KeyHandleRegistry {
  private readonly epochs = new Map<string, number>();
  private readonly handles = new WeakMap<TokenKey, { token: string; epoch: number; handle: Buffer }>();

  private epochOf(token: string): number {
    return this.epochs.get(token) ?? 0;
  }

  /** Records the handle `key` was found with, valid for the token's current epoch. */
  remember(token: string, key: TokenKey, handle: Buffer = key.handle): void {
    this.handles.set(key, { token, epoch: this.epochOf(token), handle });
  }

  /** The handle to use for `key` now, or undefined when it must be looked up again. */
  current(token: string, key: TokenKey): Buffer | undefined {
    const entry = this.handles.get(key);
    return entry && entry.token === token && entry.epoch === this.epochOf(token) ? entry.handle : undefined;
  }

  /** The token was reconnected: every handle found before is suspect. */
  invalidate(token: string): void {
    this.epochs.set(token, this.epochOf(token) + 1);
  }
}
