import { verify } from 'node:crypto';
import * as pkcs11js from 'pkcs11js';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakePkcs11, FakeToken, fakeRsaKey } from '../testing/fake-pkcs11';
import { Pkcs11Module } from './pkcs11-module';
import { Pkcs11Error, Pkcs11ErrorCode } from './pkcs11.error';

const PIN = '246810';
const keys = [fakeRsaKey('01', 'k1'), fakeRsaKey('02', 'k2')];
const DATA = Buffer.from('to be signed');

async function rejection(promise: Promise<unknown>): Promise<Pkcs11Error> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(Pkcs11Error);
  return error as Pkcs11Error;
}

describe('TokenSession (in-memory token)', () => {
  let native: FakePkcs11;
  let module: Pkcs11Module;
  let token: FakeToken;

  beforeEach(() => {
    native = new FakePkcs11();
    module = Pkcs11Module.fromNative(native);
    token = new FakeToken('leader', 'SN-0001', PIN, keys);
    native.insert(token, 7);
  });

  describe('PIN handling', () => {
    it('reports the retry state the token shows after each wrong PIN, then PIN_LOCKED', async () => {
      const first = await rejection(module.openToken({ label: 'leader' }, '000000'));
      expect(first).toMatchObject({
        code: Pkcs11ErrorCode.PIN_INCORRECT,
        triesLeftLow: true,
        lastTry: false,
      });
      expect(first.messageVi).toBe('Sai mã PIN. Còn ít lần thử.');

      const second = await rejection(module.openToken({ label: 'leader' }, '000000'));
      expect(second).toMatchObject({ code: Pkcs11ErrorCode.PIN_INCORRECT, lastTry: true });
      expect(second.message).toBe('Incorrect PIN. The next wrong PIN will lock the token.');

      const third = await rejection(module.openToken({ label: 'leader' }, '000000'));
      expect(third.code).toBe(Pkcs11ErrorCode.PIN_LOCKED);
      expect(third.messageVi).toContain('Mã PIN đã bị khoá');
    });

    it('does not spend a try on a token whose PIN is already locked', async () => {
      token.triesLeft = 0;
      const error = await rejection(module.openToken({ label: 'leader' }, PIN));
      expect(error.code).toBe(Pkcs11ErrorCode.PIN_LOCKED);
      expect(token.loginAttempts).toBe(0);
    });

    it('lists the PIN counter state with the token', () => {
      token.triesLeft = 1;
      expect(module.listTokens()[0].pinCounters.user).toBe('finalTry');
    });
  });

  describe('token selection', () => {
    it('refuses to guess between two tokens with the same label', async () => {
      native.insert(new FakeToken('leader', 'SN-0002', PIN, keys), 8);
      const error = await rejection(module.openToken({ label: 'leader' }, PIN));
      expect(error.code).toBe(Pkcs11ErrorCode.TOKEN_AMBIGUOUS);
      const bySerial = await module.openToken({ serial: 'SN-0002' }, PIN);
      expect(bySerial.token).toMatchObject({ label: 'leader', serial: 'SN-0002', slotId: '8' });
      await bySerial.close();
    });
  });

  describe('token removal', () => {
    it('follows the token to its new slot after a re-plug and signs with the same key', async () => {
      const session = await module.openToken({ label: 'leader' }, PIN);
      const k1 = await session.findKey({ label: 'k1' });
      expect(verify('sha256', DATA, keys[0].publicKey, await session.sign(k1, 'RSA_PKCS_SHA256', DATA))).toBe(
        true,
      );

      native.remove(7);
      native.insert(token, 12); // the old handle of k1 now names k2 on the re-plugged token
      const signature = await session.sign(k1, 'RSA_PKCS_SHA256', DATA);
      expect(verify('sha256', DATA, keys[0].publicKey, signature)).toBe(true);
      expect(session.token.slotId).toBe('12');
      expect(token.loggedIn).toBe(true);
      await session.close();
    });

    it('reports DEVICE_REMOVED while the token is out', async () => {
      const session = await module.openToken({ label: 'leader' }, PIN);
      const k1 = await session.findKey({ id: '01' });
      native.remove(7);
      const error = await rejection(session.sign(k1, 'RSA_PKCS_SHA256', DATA));
      expect(error.code).toBe(Pkcs11ErrorCode.DEVICE_REMOVED);
      // Depending on the call that first meets the empty slot.
      expect(error.ckr).toMatch(/^CKR_(DEVICE_REMOVED|TOKEN_NOT_PRESENT)$/);
      expect(error.messageVi).toBe(
        'Token "leader" đã bị rút ra hoặc mất kết nối. Hãy cắm lại token và thử lại.',
      );
      await session.close();
    });

    it('never sends the PIN to another token that has the same label', async () => {
      const session = await module.openToken({ label: 'leader' }, PIN);
      const k1 = await session.findKey({ label: 'k1' });
      native.remove(7);
      const impostor = new FakeToken('leader', 'SN-9999', PIN, keys);
      native.insert(impostor, 13);
      expect((await rejection(session.sign(k1, 'RSA_PKCS_SHA256', DATA))).code).toBe(
        Pkcs11ErrorCode.DEVICE_REMOVED,
      );
      expect(impostor.loginAttempts).toBe(0);
      await session.close();
    });

    it('cannot log in again when told not to keep the PIN', async () => {
      const session = await module.openToken({ label: 'leader' }, PIN, { keepPin: false });
      const k1 = await session.findKey({ label: 'k1' });
      native.remove(7);
      native.insert(token, 14);
      expect((await rejection(session.sign(k1, 'RSA_PKCS_SHA256', DATA))).code).toBe(
        Pkcs11ErrorCode.DEVICE_REMOVED,
      );
      expect(token.loginAttempts).toBe(1);
      await session.close();
    });
  });

  describe('mechanisms', () => {
    it('signs over a DigestInfo with CKM_RSA_PKCS when the token lacks CKM_SHA256_RSA_PKCS', async () => {
      native.mechanisms.splice(native.mechanisms.indexOf(pkcs11js.CKM_SHA256_RSA_PKCS), 1);
      const session = await module.openToken({ label: 'leader' }, PIN);
      const k1 = await session.findKey({ label: 'k1' });
      expect(session.chooseMechanism(k1, { hash: 'sha256', scheme: 'pkcs1' })).toBe('RSA_PKCS_RAW_SHA256');
      const signature = await session.signDigest(k1, { hash: 'sha256', scheme: 'pkcs1' }, DATA);
      expect(verify('sha256', DATA, keys[0].publicKey, signature)).toBe(true);
      const refused = await rejection(session.sign(k1, 'RSA_PKCS_SHA256', DATA));
      expect(refused.code).toBe(Pkcs11ErrorCode.MECHANISM_NOT_SUPPORTED);
      await session.close();
    });

    it('refuses a precomputed digest when the token only hashes itself', async () => {
      native.mechanisms.splice(native.mechanisms.indexOf(pkcs11js.CKM_RSA_PKCS), 1);
      const session = await module.openToken({ label: 'leader' }, PIN);
      const k1 = await session.findKey({ label: 'k1' });
      const digest = Buffer.alloc(32, 1);
      const error = await rejection(
        session.signDigest(k1, { hash: 'sha256', scheme: 'pkcs1', prehashed: true }, digest),
      );
      expect(error.code).toBe(Pkcs11ErrorCode.MECHANISM_NOT_SUPPORTED);
      expect(error.message).toContain('CKM_RSA_PKCS');
      await session.close();
    });
  });

  describe('SessionPool', () => {
    it('logs in once for all its sessions', async () => {
      const pool = await module.openPool({ label: 'leader' }, PIN, { size: 3 });
      expect(token.loginAttempts).toBe(1);
      const k2 = await pool.findKey({ label: 'k2' });
      const signatures = await Promise.all([1, 2, 3, 4, 5].map(() => pool.sign(k2, 'RSA_PKCS_SHA256', DATA)));
      for (const signature of signatures)
        expect(verify('sha256', DATA, keys[1].publicKey, signature)).toBe(true);
      await pool.close();
      expect((await rejection(pool.sign(k2, 'RSA_PKCS_SHA256', DATA))).code).toBe(
        Pkcs11ErrorCode.SESSION_CLOSED,
      );
    });
  });

  it('closes open sessions and pools when the module closes', async () => {
    const session = await module.openToken({ label: 'leader' }, PIN);
    const pool = await module.openPool({ label: 'leader' }, PIN, { size: 2 });
    await module.close();
    expect(session.closed).toBe(true);
    expect(pool.closed).toBe(true);
  });
});
