import { describe, expect, it } from 'vitest';
import { codedErrors, KysoError, reasonSuffix } from './kyso-error';

enum Code {
  GONE = 'GONE',
  LATE = 'LATE',
}

const ERRORS = codedErrors<Code>({
  GONE: { kind: 'not-found', en: 'Gone', vi: 'Không còn' },
  LATE: {
    kind: 'conflict',
    en: (d) => `Late by ${String(d.minutes)} min`,
    vi: (d) => `Trễ ${String(d.minutes)} phút`,
  },
});

class ExampleError extends KysoError {
  constructor(code: Code, details?: Record<string, unknown>) {
    super(code, ...ERRORS.describe(code, reasonSuffix(details), details), details);
  }
}

describe('KysoError', () => {
  it('keeps the kind a library declares for a code', () => {
    const err = new ExampleError(Code.GONE);
    expect(err).toBeInstanceOf(KysoError);
    expect([err.code, err.kind, err.message, err.messageVi, err.name]).toEqual([
      'GONE',
      'not-found',
      'Gone',
      'Không còn',
      'ExampleError',
    ]);
  });

  it('appends the reason to both messages, the Vietnamese one when given', () => {
    expect(new ExampleError(Code.GONE, { reason: 'moved' }).messageVi).toBe('Không còn: moved');
    const both = new ExampleError(Code.GONE, { reason: 'moved', reasonVi: 'đã chuyển' });
    expect([both.message, both.messageVi]).toEqual(['Gone: moved', 'Không còn: đã chuyển']);
  });

  it('builds messages from the details when the table says how', () => {
    const err = new ExampleError(Code.LATE, { minutes: 5 });
    expect([err.kind, err.message, err.messageVi]).toEqual(['conflict', 'Late by 5 min', 'Trễ 5 phút']);
  });

  it('keeps the cause it is given', () => {
    const cause = new Error('disk');
    expect(new KysoError('X', 'failed', 'm', 'v', undefined, { cause }).cause).toBe(cause);
  });
});
