import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { KysoError } from '@kyso/common';
import { JSON_MAX_DEPTH, jsonDepth, malformedJson, verifyJsonBody } from './json-body';

const nested = (depth: number) => Buffer.from('['.repeat(depth) + ']'.repeat(depth));

describe('JSON body checks', () => {
  it('counts nesting, skipping brackets inside strings and escaped quotes', () => {
    expect(jsonDepth(Buffer.from('{"a":[1,{"b":2}]}'))).toBe(3);
    expect(jsonDepth(Buffer.from('{"a":"[[[{{{\\"[[["}'))).toBe(1);
    expect(jsonDepth(Buffer.from('"x"'))).toBe(0);
  });

  it('refuses a body nested deeper than the limit with a 400 domain error', () => {
    expect(() => verifyJsonBody({} as IncomingMessage, {}, nested(JSON_MAX_DEPTH))).not.toThrow();
    let thrown: unknown;
    try {
      verifyJsonBody({} as IncomingMessage, {}, nested(JSON_MAX_DEPTH + 1));
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(KysoError);
    expect(thrown).toMatchObject({ code: 'JSON_TOO_DEEP', kind: 'invalid-input', status: 400 });
    expect((thrown as { messageVi: string }).messageVi).toContain('lồng nhau');
  });

  it('turns the parser’s syntax error into MALFORMED_JSON and passes other errors on', () => {
    const passed: unknown[] = [];
    const next = (err?: unknown) => passed.push(err);
    const syntax = Object.assign(new SyntaxError('Unexpected end of JSON input'), {
      type: 'entity.parse.failed',
    });
    const other = new Error('other');
    malformedJson(syntax, {} as never, {} as never, next);
    malformedJson(other, {} as never, {} as never, next);
    expect(passed[0]).toMatchObject({ code: 'MALFORMED_JSON', kind: 'invalid-input' });
    expect(passed[1]).toBe(other);
  });
});
