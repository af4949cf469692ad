import { describe, expect, it } from 'vitest';
import { isCodedError, KysoError, kindOf } from './kyso-error';

class LibError extends Error {
  constructor(
    readonly code: string,
    readonly messageVi: string,
  ) {
    super(code);
  }
}

describe('error kinds', () => {
  it('keeps the kind a domain error declares', () => {
    expect(kindOf(new KysoError('X', 'conflict', 'm', 'v'))).toBe('conflict');
  });

  it.each([
    ['TOKEN_NOT_FOUND', 'not-found'],
    ['TSA_UNAVAILABLE', 'unavailable'],
    ['DUPLICATE_NUMBER', 'conflict'],
    ['ENCRYPTED', 'invalid-input'],
  ])('guesses %s as %s for libraries that give only a code', (code, kind) => {
    const err = new LibError(code, 'thông báo');
    expect(isCodedError(err)).toBe(true);
    expect(kindOf(err)).toBe(kind);
  });

  it('does not treat plain Node errors with a code as domain errors', () => {
    const err = Object.assign(new Error('no such file'), { code: 'ENOENT' });
    expect(isCodedError(err)).toBe(false);
  });
});
