import { afterEach, describe, expect, it, vi } from 'vitest';
import { Secret, type TokenSession } from '@kyso/pkcs11';
import { type ForgetReason, LoggedInTokens } from './logged-in-tokens';

function fakeSession() {
  const calls: string[] = [];
  const session = {
    logout: async () => void calls.push('logout'),
    close: async () => void calls.push('close'),
  } as unknown as TokenSession;
  return { session, calls };
}

afterEach(() => vi.useRealTimers());

describe('LoggedInTokens', () => {
  it('logs the token out and wipes the PIN when the time is up', async () => {
    vi.useFakeTimers();
    const forgotten: Array<[string, ForgetReason]> = [];
    const tokens = new LoggedInTokens(300_000, (serial, reason) => forgotten.push([serial, reason]));
    const { session, calls } = fakeSession();
    const pin = new Secret('1234');
    tokens.remember('S1', session, pin);
    await vi.advanceTimersByTimeAsync(299_000);
    expect(tokens.session('S1')).toBe(session);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(tokens.session('S1')).toBeUndefined();
    expect(pin.wiped).toBe(true);
    expect(calls).toEqual(['logout', 'close']);
    expect(forgotten).toEqual([['S1', 'timeout']]);
  });

  it('forgets on demand (removal, wrong PIN) and keeps other tokens', async () => {
    const tokens = new LoggedInTokens(60_000, () => undefined);
    const a = fakeSession();
    const b = fakeSession();
    const pinA = new Secret('1');
    tokens.remember('A', a.session, pinA);
    tokens.remember('B', b.session, new Secret('2'));
    await tokens.forget('A', 'removed');
    expect(pinA.wiped).toBe(true);
    expect(tokens.serials()).toEqual(['B']);
    await tokens.forgetAll('shutdown');
    expect(tokens.size).toBe(0);
    expect(b.calls).toEqual(['logout', 'close']);
  });
});
