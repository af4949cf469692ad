import * as pkcs11js from 'pkcs11js';
import { describe, expect, it } from 'vitest';
import { decodeTokenFlags, pinCountersOf, type TokenFlagName } from './token-flags';

describe('token flags', () => {
  it('decodes what SoftHSM reports for an initialised token (0x42d)', () => {
    const flags = decodeTokenFlags(0x42d);
    const set = (Object.keys(flags) as TokenFlagName[]).filter((name) => flags[name]);
    expect(set.sort()).toEqual([
      'loginRequired',
      'restoreKeyNotNeeded',
      'rng',
      'tokenInitialized',
      'userPinInitialized',
    ]);
    expect(pinCountersOf(flags)).toEqual({ user: 'ok', so: 'ok', userPinToBeChanged: false });
  });

  it('decodes SoftHSM after a wrong PIN (0x1042d) as a low counter', () => {
    expect(pinCountersOf(decodeTokenFlags(0x1042d)).user).toBe('countLow');
  });

  it('ranks locked over final try over low counter', () => {
    const all = pkcs11js.CKF_USER_PIN_COUNT_LOW | pkcs11js.CKF_USER_PIN_FINAL_TRY;
    expect(pinCountersOf(decodeTokenFlags(all)).user).toBe('finalTry');
    expect(pinCountersOf(decodeTokenFlags(all | pkcs11js.CKF_USER_PIN_LOCKED)).user).toBe('locked');
    expect(pinCountersOf(decodeTokenFlags(pkcs11js.CKF_SO_PIN_LOCKED))).toEqual({
      user: 'ok',
      so: 'locked',
      userPinToBeChanged: false,
    });
    expect(pinCountersOf(decodeTokenFlags(pkcs11js.CKF_USER_PIN_TO_BE_CHANGED)).userPinToBeChanged).toBe(
      true,
    );
  });

  it('uses the bit values pkcs11js defines', () => {
    const expected: Record<TokenFlagName, number> = {
      rng: pkcs11js.CKF_RNG,
      writeProtected: pkcs11js.CKF_WRITE_PROTECTED,
      loginRequired: pkcs11js.CKF_LOGIN_REQUIRED,
      userPinInitialized: pkcs11js.CKF_USER_PIN_INITIALIZED,
      restoreKeyNotNeeded: pkcs11js.CKF_RESTORE_KEY_NOT_NEEDED,
      clockOnToken: pkcs11js.CKF_CLOCK_ON_TOKEN,
      protectedAuthenticationPath: pkcs11js.CKF_PROTECTED_AUTHENTICATION_PATH,
      dualCryptoOperations: pkcs11js.CKF_DUAL_CRYPTO_OPERATIONS,
      tokenInitialized: pkcs11js.CKF_TOKEN_INITIALIZED,
      secondaryAuthentication: pkcs11js.CKF_SECONDARY_AUTHENTICATION,
      userPinCountLow: pkcs11js.CKF_USER_PIN_COUNT_LOW,
      userPinFinalTry: pkcs11js.CKF_USER_PIN_FINAL_TRY,
      userPinLocked: pkcs11js.CKF_USER_PIN_LOCKED,
      userPinToBeChanged: pkcs11js.CKF_USER_PIN_TO_BE_CHANGED,
      soPinCountLow: pkcs11js.CKF_SO_PIN_COUNT_LOW,
      soPinFinalTry: pkcs11js.CKF_SO_PIN_FINAL_TRY,
      soPinLocked: pkcs11js.CKF_SO_PIN_LOCKED,
      soPinToBeChanged: pkcs11js.CKF_SO_PIN_TO_BE_CHANGED,
      errorState: pkcs11js.CKF_ERROR_STATE,
    };
    for (const [name, bit] of Object.entries(expected) as [TokenFlagName, number][]) {
      const flags = decodeTokenFlags(bit);
      expect({ name, set: flags[name], total: Object.values(flags).filter(Boolean).length }).toEqual({
        name,
        set: true,
        total: 1,
      });
    }
  });
});
