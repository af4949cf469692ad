import { describe, expect, it } from 'vitest';
import { KysoError } from '@kyso/common';
import { Pkcs11Error, Pkcs11ErrorCode } from './pkcs11.error';

describe('Pkcs11Error kinds', () => {
  it('makes a wrong or locked PIN a refusal (CLI exit 1, HTTP 422) and a missing token or key "not found"', () => {
    const err = (code: Pkcs11ErrorCode) => new Pkcs11Error(code, { en: 'x', vi: 'x' });
    expect(err(Pkcs11ErrorCode.PIN_INCORRECT)).toBeInstanceOf(KysoError);
    expect(err(Pkcs11ErrorCode.PIN_INCORRECT).kind).toBe('failed');
    expect(err(Pkcs11ErrorCode.PIN_LOCKED).kind).toBe('failed');
    expect(err(Pkcs11ErrorCode.TOKEN_NOT_FOUND).kind).toBe('not-found');
    expect(err(Pkcs11ErrorCode.KEY_NOT_FOUND).kind).toBe('not-found');
    expect(err(Pkcs11ErrorCode.DEVICE_REMOVED).kind).toBe('unavailable');
  });
});
