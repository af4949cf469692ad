import type { ArgumentMetadata } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { AssignDto } from '../assignments/dto/assignment.dto';
import { CreateOutgoingDto, RegisterIncomingDto, SearchDocumentsQuery } from '../documents/dto/document.dto';
import { CreateUserDto, UpdateUserDto } from '../organisations/dto/user.dto';
import type { ErrorBody, FieldError } from './error-body';
import { RULES } from './field-errors';
import { createValidationPipe } from './validation.pipe';

const pipe = createValidationPipe();
const body = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'body', metatype });

const incoming = {
  typeCode: 'cong-van',
  subject: 'Về việc tổ chức Tết Trung thu',
  senderName: 'Ủy ban nhân dân huyện Tân Phú',
};

/** The body of the 400 the pipe answers for `value`. */
async function refusal(value: unknown, metadata: ArgumentMetadata): Promise<ErrorBody['error']> {
  try {
    await pipe.transform(value, metadata);
  } catch (err) {
    return ((err as { getResponse(): ErrorBody }).getResponse() as ErrorBody).error;
  }
  throw new Error('accepted');
}

async function fieldsOf(value: unknown, metadata: ArgumentMetadata): Promise<FieldError[]> {
  const error = await refusal(value, metadata);
  expect(error.code).toBe('VALIDATION_FAILED');
  return error.fields ?? [];
}

describe('the HTTP validation layer', () => {
  it('reports a missing field once, as required, in English and Vietnamese', async () => {
    const { subject: _, ...rest } = incoming;
    const error = await refusal(rest, body(RegisterIncomingDto));
    expect(error.fields).toEqual([
      { field: 'subject', code: 'REQUIRED', messages: ['is required'], messagesVi: ['không được để trống'] },
    ]);
    expect(error.message).toBe('Invalid input: subject is required');
    expect(error.messageVi).toBe('Dữ liệu không hợp lệ: subject không được để trống');
  });

  it('takes an empty required text for a missing one', async () => {
    const fields = await fieldsOf({ ...incoming, subject: '' }, body(RegisterIncomingDto));
    expect(fields.map((f) => [f.field, f.code])).toEqual([['subject', 'REQUIRED']]);
  });

  it('refuses NUL and other control characters, allowing line breaks and tabs only in multi-line fields', async () => {
    for (const bad of ['a\u0000b', 'a\u0007b', 'a\u007fb', 'a\u0085b']) {
      const fields = await fieldsOf({ ...incoming, subject: bad }, body(RegisterIncomingDto));
      expect(fields.map((f) => [f.field, f.code])).toEqual([['subject', 'CONTROL_CHARACTER']]);
      expect(fields[0].messagesVi[0]).toContain('ký tự điều khiển');
    }
    const multiline = await pipe.transform(
      { ...incoming, subject: 'Dòng một\r\nDòng hai\tcột' },
      body(RegisterIncomingDto),
    );
    expect((multiline as RegisterIncomingDto).subject).toBe('Dòng một\r\nDòng hai\tcột');
    const fields = await fieldsOf({ ...incoming, senderName: 'UBND\nhuyện' }, body(RegisterIncomingDto));
    expect(fields.map((f) => [f.field, f.code])).toEqual([['senderName', 'CONTROL_CHARACTER']]);
  });

  it('refuses text that was not UTF-8: the replacement character and lone surrogates', async () => {
    for (const bad of ['Tết\ufffd', 'a\ud800b', 'a\udc00', '\ud83d']) {
      const fields = await fieldsOf({ ...incoming, subject: bad }, body(RegisterIncomingDto));
      expect(fields.map((f) => [f.field, f.code])).toEqual([['subject', 'INVALID_UTF8']]);
    }
    const emoji = await pipe.transform({ ...incoming, subject: 'Chúc mừng 🎉' }, body(RegisterIncomingDto));
    expect((emoji as RegisterIncomingDto).subject).toBe('Chúc mừng 🎉');
  });

  it('checks nested objects and lists, naming the path', async () => {
    const fields = await fieldsOf(
      { typeCode: 'quyet-dinh', subject: 'x', recipients: [{ name: 'A' }, { name: 'Công an\u0000' }] },
      body(CreateOutgoingDto),
    );
    expect(fields.map((f) => [f.field, f.code])).toEqual([['recipients.1.name', 'CONTROL_CHARACTER']]);
    const assign = await fieldsOf({ lead: { unitId: 'x\u0000' } }, body(AssignDto));
    expect(assign.map((f) => f.field)).toEqual(['lead.unitId']);
  });

  it('checks query parameters and plain path parameters', async () => {
    const query = (q: Record<string, string>) =>
      fieldsOf(q, { type: 'query', metatype: SearchDocumentsQuery });
    expect((await query({ q: 'quyết\u0000' })).map((f) => [f.field, f.code])).toEqual([
      ['q', 'CONTROL_CHARACTER'],
    ]);
    expect((await query({ typeCode: '\u0000' })).map((f) => [f.field, f.code])).toEqual([
      ['typeCode', 'CONTROL_CHARACTER'],
    ]);
    const param = await fieldsOf('000.00\u0000', { type: 'param', metatype: String, data: 'ref' });
    expect(param.map((f) => [f.field, f.code])).toEqual([['ref', 'CONTROL_CHARACTER']]);
  });

  it('bounds paging numbers', async () => {
    const fields = await fieldsOf(
      { page: '100000000000000000000' },
      { type: 'query', metatype: SearchDocumentsQuery },
    );
    expect(fields).toEqual([
      {
        field: 'page',
        code: 'OUT_OF_RANGE',
        messages: ['must be at most 100000'],
        messagesVi: ['phải nhỏ hơn hoặc bằng 100000'],
      },
    ]);
    const size = await fieldsOf({ pageSize: '0' }, { type: 'query', metatype: SearchDocumentsQuery });
    expect(size.map((f) => [f.field, f.code, f.messages[0]])).toEqual([
      ['pageSize', 'OUT_OF_RANGE', 'must be at least 1'],
    ]);
  });

  it('applies one calendar rule to search filters and document dates', async () => {
    const search = await fieldsOf(
      { dateFrom: '2025-02-30' },
      { type: 'query', metatype: SearchDocumentsQuery },
    );
    const doc = await fieldsOf({ ...incoming, documentDate: '2025-02-30' }, body(RegisterIncomingDto));
    expect(search.map((f) => [f.field, f.code])).toEqual([['dateFrom', 'INVALID_DATE']]);
    expect(doc.map((f) => [f.field, f.code])).toEqual([['documentDate', 'INVALID_DATE']]);
    expect(doc[0].messagesVi[0]).toBe(search[0].messagesVi[0]);
    const leap = await pipe.transform(
      { dateFrom: '2024-02-29' },
      { type: 'query', metatype: SearchDocumentsQuery },
    );
    expect((leap as SearchDocumentsQuery).dateFrom).toBe('2024-02-29');
  });

  it('gives the length limit of an overlong text', async () => {
    const fields = await fieldsOf({ ...incoming, subject: 'x'.repeat(4001) }, body(RegisterIncomingDto));
    expect(fields).toEqual([
      {
        field: 'subject',
        code: 'TOO_LONG',
        messages: ['must be at most 4000 characters long'],
        messagesVi: ['không được dài quá 4000 ký tự'],
      },
    ]);
  });

  it('refuses unknown fields and names the allowed values of an enumeration', async () => {
    const fields = await fieldsOf({ ...incoming, urgency: 'asap', extra: 1 }, body(RegisterIncomingDto));
    expect(fields).toEqual([
      expect.objectContaining({ field: 'extra', code: 'UNKNOWN_FIELD' }),
      {
        field: 'urgency',
        code: 'NOT_ALLOWED',
        messages: ['must be one of: normal, urgent, very-urgent, flash'],
        messagesVi: ['phải là một trong các giá trị: normal, urgent, very-urgent, flash'],
      },
    ]);
  });

  it('uses a pattern’s own message when the DTO gives it in both languages', async () => {
    const fields = await fieldsOf(
      { username: 'Văn Thư', fullName: 'Lê Thị Hoa', password: 'password-123', roles: ['clerk'] },
      body(CreateUserDto),
    );
    expect(fields).toEqual([
      {
        field: 'username',
        code: 'INVALID_FORMAT',
        messages: ['must be 2-100 lower-case letters, digits, dot, dash or underscore'],
        messagesVi: ['gồm 2-100 chữ thường, chữ số, dấu chấm, gạch ngang hoặc gạch dưới'],
      },
    ]);
  });

  it('has a Vietnamese message for every validation code', () => {
    for (const [name, rule] of Object.entries(RULES)) {
      const vi = rule.vi([5]);
      expect(vi, name).toMatch(/[ạ-ỹàáâãèéêìíòóôõùúýăđĩũơư]/i);
      expect(vi, name).not.toBe(rule.en([5]));
    }
  });

  // Found by the hostile-input sweep: `PATCH /users/{id}` with `"password": null` reached the service (a 500).
  it('refuses null in an optional field unless the field is nullable', async () => {
    for (const field of ['password', 'fullName', 'active', 'roles']) {
      const fields = await fieldsOf({ [field]: null }, body(UpdateUserDto));
      expect(fields).toEqual([
        {
          field,
          code: 'NOT_NULL',
          messages: ['must not be null; leave the field out to keep its value'],
          messagesVi: ['không được là null; bỏ trường này nếu muốn giữ nguyên giá trị'],
        },
      ]);
    }
    // Nullable fields (`unitId`, `title`) take null; a required field set to null is still "required".
    await expect(pipe.transform({ unitId: null, title: null }, body(UpdateUserDto))).resolves.toBeTruthy();
    const required = await fieldsOf({ ...incoming, subject: null }, body(RegisterIncomingDto));
    expect(required.map((f) => [f.field, f.code])).toEqual([['subject', 'REQUIRED']]);
  });

  it('refuses null in an optional field of a nested object', async () => {
    const outgoing = {
      typeCode: 'quyet-dinh',
      subject: 'Khen thưởng',
      recipients: [{ name: 'Công an', email: null }],
    };
    const fields = await fieldsOf(outgoing, body(CreateOutgoingDto));
    expect(fields.map((f) => [f.field, f.code])).toEqual([['recipients.0.email', 'NOT_NULL']]);
  });

  // Found by the hostile-input sweep: `GET /documents?page=0x1A` answered page 26.
  it('takes only decimal numbers in a query', async () => {
    const query: ArgumentMetadata = { type: 'query', metatype: SearchDocumentsQuery };
    for (const page of ['0x1A', '1e3', ' 2', '', 'Infinity']) {
      const fields = await fieldsOf({ page }, query);
      expect(fields.map((f) => [f.field, f.code])).toEqual([['page', 'NOT_NUMBER']]);
    }
    await expect(pipe.transform({ page: '3', pageSize: '50' }, query)).resolves.toMatchObject({
      page: 3,
      pageSize: 50,
    });
  });

  // Found by the hostile-input sweep: a lone surrogate in `recipients.0.email` made validator.js's isEmail throw
  // (encodeURI: URI malformed), a 500.
  it('refuses a lone surrogate in a field whose validator cannot read it', async () => {
    const outgoing = {
      typeCode: 'quyet-dinh',
      subject: 'Khen thưởng',
      recipients: [{ name: 'Công an', email: 'vanthu\udfff@example.gov.vn' }],
    };
    const fields = await fieldsOf(outgoing, body(CreateOutgoingDto));
    expect(fields.map((f) => [f.field, f.code])).toEqual([['recipients.0.email', 'INVALID_UTF8']]);
  });
});
