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

  // Found by the hostile-input sweep: `Content-Encoding: gzip` on a body that is not gzip was a 500.
  it('answers a body that is not what its Content-Encoding says with a 400', async () => {
    const { gunzip } = await import('node:zlib');
    const zlibError = await new Promise<Error>((done) => gunzip(Buffer.from('{"a":1}'), (err) => done(err!)));
    const wrapped = Object.assign(zlibError, { status: 400, statusCode: 400, expose: true });
    const res = answer(wrapped);
    expect([res.status, res.body.error.code]).toEqual([400, 'INVALID_CONTENT_ENCODING']);
    expect(res.body.error.messageVi).toBeTruthy();
    expect(res.body.error.requestId).toBe('req-1');
  });

  it('keeps the 4xx of raw-body client errors and still answers other errors with a 500', () => {
    const aborted = Object.assign(new Error('request aborted'), {
      type: 'request.aborted',
      status: 400,
      expose: true,
    });
    expect([answer(aborted).status, answer(aborted).body.error.code]).toEqual([400, 'BAD_REQUEST']);
    const internal = Object.assign(new Error('stream not readable'), { status: 500, expose: false });
    expect(answer(internal).status).toBe(500);
    expect(answer(new TypeError('x is null')).status).toBe(500);
  });
});
