import * as pkcs11js from 'pkcs11js';
import { describe, expect, it } from 'vitest';
import { ckrOf, isSessionLost, toPkcs11Error } from './native-error';
import { Pkcs11Error, Pkcs11ErrorCode } from './pkcs11.error';

/** The error pkcs11js itself throws, built from the text its native layer produces. */
function nativeError(name: string): Error {
  const value = (pkcs11js as unknown as Record<string, number>)[name];
  return new pkcs11js.Pkcs11Error(`${name}:${value}\n    at PKCS11.C_Sign (native)`, value, 'C_Sign');
}

describe('mapping pkcs11js errors', () => {
  it('reads the CKR name from the message or from the numeric code', () => {
    expect(ckrOf(nativeError('CKR_PIN_INCORRECT'))).toBe('CKR_PIN_INCORRECT');
    expect(ckrOf(Object.assign(new Error('failed'), { code: 0xb3 }))).toBe('CKR_SESSION_HANDLE_INVALID');
    expect(ckrOf(new Error('plain'))).toBeUndefined();
    expect(ckrOf('not an error')).toBeUndefined();
  });

  it.each([
    ['CKR_PIN_INCORRECT', Pkcs11ErrorCode.PIN_INCORRECT],
    ['CKR_PIN_LEN_RANGE', Pkcs11ErrorCode.PIN_INCORRECT],
    ['CKR_PIN_LOCKED', Pkcs11ErrorCode.PIN_LOCKED],
    ['CKR_DEVICE_REMOVED', Pkcs11ErrorCode.DEVICE_REMOVED],
    ['CKR_TOKEN_NOT_PRESENT', Pkcs11ErrorCode.DEVICE_REMOVED],
    ['CKR_SESSION_HANDLE_INVALID', Pkcs11ErrorCode.DEVICE_REMOVED],
    ['CKR_SESSION_CLOSED', Pkcs11ErrorCode.DEVICE_REMOVED],
    ['CKR_MECHANISM_INVALID', Pkcs11ErrorCode.MECHANISM_NOT_SUPPORTED],
    ['CKR_KEY_TYPE_INCONSISTENT', Pkcs11ErrorCode.MECHANISM_NOT_SUPPORTED],
    ['CKR_KEY_HANDLE_INVALID', Pkcs11ErrorCode.KEY_NOT_FOUND],
    ['CKR_FUNCTION_FAILED', Pkcs11ErrorCode.GENERAL],
  ])('%s → %s', (name, code) => {
    const error = toPkcs11Error(nativeError(name), {
      token: '"leader"',
      key: '"k"',
      mechanism: 'RSA_PKCS_SHA256',
    });
    expect(error).toBeInstanceOf(Pkcs11Error);
    expect(error.code).toBe(code);
    expect(error.ckr).toBe(name);
    expect(error.message.length).toBeGreaterThan(0);
    expect(error.messageVi.length).toBeGreaterThan(0);
  });

  it('says which token was removed, in both languages', () => {
    const error = toPkcs11Error(nativeError('CKR_DEVICE_REMOVED'), { token: '"leader"' });
    expect(error.message).toBe('Token "leader" was removed or disconnected. Plug it in and try again.');
    expect(error.messageVi).toBe(
      'Token "leader" đã bị rút ra hoặc mất kết nối. Hãy cắm lại token và thử lại.',
    );
  });

  it('classifies the failures after which reopening the session can help', () => {
    for (const name of [
      'CKR_DEVICE_REMOVED',
      'CKR_TOKEN_NOT_PRESENT',
      'CKR_SESSION_HANDLE_INVALID',
      'CKR_SESSION_CLOSED',
    ]) {
      expect(isSessionLost(nativeError(name))).toBe(true);
    }
    expect(isSessionLost(nativeError('CKR_PIN_INCORRECT'))).toBe(false);
    expect(isSessionLost(toPkcs11Error(nativeError('CKR_DEVICE_REMOVED')))).toBe(true);
  });

  it('passes its own errors through unchanged', () => {
    const own = Pkcs11Error.keyNotFound('"k"');
    expect(toPkcs11Error(own)).toBe(own);
  });
});
