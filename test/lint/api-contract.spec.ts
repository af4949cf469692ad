import { describe, expect, it } from 'vitest';
import { ApiContract, ContractViolation } from '../support/api/contract';

/** The contract check of the e2e ApiClient (test/support/api/contract.ts) catches what it must. */
describe('ApiContract', () => {
  const contract = new ApiContract({
    openapi: '3.0.0',
    paths: {
      '/api/v1/things/{id}': {
        get: {
          responses: {
            '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
            '404': {
              content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
            },
          },
        },
      },
      '/api/v1/things/latest': {
        get: { responses: { '200': { content: { 'application/pdf': {} } } } },
      },
    },
    components: {
      schemas: {
        Thing: {
          type: 'object',
          required: ['id', 'code', 'owner'],
          properties: {
            id: { type: 'string' },
            code: { type: 'string', nullable: true },
            owner: { nullable: true, allOf: [{ $ref: '#/components/schemas/Owner' }] },
          },
        },
        Owner: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
        ErrorBody: {
          type: 'object',
          required: ['error'],
          properties: { error: { type: 'object', properties: { code: { type: 'string' } } } },
        },
      },
    },
  });
  const url = 'http://127.0.0.1:1/api/v1/things/7';
  const json = 'application/json; charset=utf-8';
  const check = (status: number, body: unknown, type = json, path = url) =>
    contract.check('GET', path, status, type, body, JSON.stringify(body ?? '').length);

  it('accepts a body that matches, null where the schema is nullable (a reference too)', () => {
    expect(check(200, { id: '7', code: null, owner: null })).toEqual({
      method: 'GET',
      route: '/api/v1/things/{id}',
      status: 200,
    });
    expect(check(200, { id: '7', code: 'A', owner: { name: 'x' } })).toBeDefined();
  });

  it('fails an undeclared field, at any depth, naming it', () => {
    expect(() => check(200, { id: '7', code: null, owner: null, secret: 1 })).toThrow(
      /undeclared field "secret"/,
    );
    expect(() => check(200, { id: '7', code: null, owner: { name: 'x', key: 1 } })).toThrow(
      /\/owner has undeclared field "key"/,
    );
  });

  it('fails a mistyped or missing field', () => {
    expect(() => check(200, { id: 7, code: null, owner: null })).toThrow(ContractViolation);
    expect(() => check(200, { id: '7', owner: null })).toThrow(/must have required property 'code'/);
  });

  it('fails a status, a route or a content type the document does not declare', () => {
    expect(() => check(409, { error: { code: 'X' } })).toThrow(/no response declared for HTTP 409/);
    expect(() => check(200, {}, json, 'http://127.0.0.1:1/api/v1/other')).toThrow(/has no such route/);
    expect(() => check(200, { id: '7' }, json, 'http://127.0.0.1:1/api/v1/things/latest')).toThrow(
      /sent application\/json, declared application\/pdf/,
    );
  });

  it('prefers the literal route over the template, and checks no body of a file', () => {
    expect(
      contract.check(
        'GET',
        'http://127.0.0.1:1/api/v1/things/latest',
        200,
        'application/pdf',
        undefined,
        100,
      ),
    ).toMatchObject({ route: '/api/v1/things/latest' });
  });
});
