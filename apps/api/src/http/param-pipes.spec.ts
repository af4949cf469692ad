import { describe, expect, it } from 'vitest';
import type { ErrorBody } from './error-body';
import { IntParamPipe, UuidParamPipe } from './param-pipes';

function fieldOf(run: () => unknown): NonNullable<ErrorBody['error']['fields']>[number] {
  try {
    run();
  } catch (err) {
    const body = (err as { getResponse(): ErrorBody }).getResponse();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    return body.error.fields![0];
  }
  throw new Error('accepted');
}

describe('path parameter pipes', () => {
  const param = (data: string) => ({ type: 'param' as const, data });

  it('names the parameter that is not a UUID', () => {
    const pipe = new UuidParamPipe();
    expect(pipe.transform('6f1c2a8e-3b7d-4c1e-9a2b-5d4e3f2a1b0c', param('id'))).toBe(
      '6f1c2a8e-3b7d-4c1e-9a2b-5d4e3f2a1b0c',
    );
    expect(fieldOf(() => pipe.transform('42', param('id')))).toEqual({
      field: 'id',
      code: 'INVALID_UUID',
      messages: ['must be a UUID'],
      messagesVi: ['phải là một UUID'],
    });
  });

  it('keeps a whole-number parameter within its bounds', () => {
    const pipe = new IntParamPipe(1, 2_147_483_647);
    expect(pipe.transform('3', param('version'))).toBe(3);
    expect(fieldOf(() => pipe.transform('1.5', param('version'))).code).toBe('NOT_INTEGER');
    expect(fieldOf(() => pipe.transform('0', param('version'))).messages).toEqual(['must be at least 1']);
    expect(fieldOf(() => pipe.transform(1e20, param('version')))).toEqual({
      field: 'version',
      code: 'OUT_OF_RANGE',
      messages: ['must be at most 2147483647'],
      messagesVi: ['phải nhỏ hơn hoặc bằng 2147483647'],
    });
  });
});
