import type { ArgumentsHost } from '@nestjs/common';
import { PayloadTooLargeException } from '@nestjs/common';
import type { Logger } from 'pino';
import { describe, expect, it } from 'vitest';
import { KysoError } from '@kyso/common';
import { AllExceptionsFilter } from './all-exceptions.filter';
import type { ErrorBody } from './error-body';

function answer(exception: unknown, contentType = 'application/json'): { status: number; body: ErrorBody } {
  const sent: { status: number; body: ErrorBody } = { status: 0, body: undefined as unknown as ErrorBody };
  const res = {
    headersSent: false,
    status(code: number) {
      sent.status = code;
      return this;
    },
    json(body: ErrorBody) {
      sent.body = body;
    },
  };
  const req = { id: 'req-1', is: (type: string) => (contentType.startsWith(type) ? type : false) };
  const host = { switchToHttp: () => ({ getResponse: () => res, getRequest: () => req }) } as ArgumentsHost;
  const logger = { error: () => undefined } as unknown as Logger;
  new AllExceptionsFilter(logger).catch(exception, host);
  return sent;
}

describe('AllExceptionsFilter bodies', () => {
  it('lists the fields a domain error names in error.fields, keeping its other details', () => {
    const err = new KysoError(
      'INVALID_INPUT',
      'invalid-input',
      'Invalid input: documentDate',
      'Dữ liệu không hợp lệ',
      {
        fields: ['documentDate'],
        duplicateOf: 'd-1',
      },
    );
    expect(answer(err)).toEqual({
      status: 400,
      body: {
        error: {
          code: 'INVALID_INPUT',
          message: 'Invalid input: documentDate',
          messageVi: 'Dữ liệu không hợp lệ',
          fields: [
            {
              field: 'documentDate',
              code: 'INVALID_INPUT',
              messages: ['Invalid input: documentDate'],
              messagesVi: ['Dữ liệu không hợp lệ'],
            },
          ],
          requestId: 'req-1',
          details: { duplicateOf: 'd-1' },
        },
      },
    });
  });

  it('names the file part when an upload is over the limit, not when a JSON body is', () => {
    const upload = answer(new PayloadTooLargeException('File too large'), 'multipart/form-data; boundary=x');
    expect(upload.status).toBe(413);
    expect(upload.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(upload.body.error.fields?.map((f) => f.field)).toEqual(['file']);
    const json = answer(Object.assign(new Error('too large'), { type: 'entity.too.large', status: 413 }));
    expect(json.status).toBe(413);
    expect(json.body.error.fields).toBeUndefined();
  });

  it('answers body-parser errors with their own status and code, never a 500', () => {
    const charset = answer(Object.assign(new Error('unsupported charset'), { type: 'charset.unsupported' }));
    expect([charset.status, charset.body.error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    expect(charset.body.error.messageVi).toBeTruthy();
  });
});
