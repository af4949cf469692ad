import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiResponse, ApiClient, expectStatus } from '../support/api/api-client';
import { startApi, type ApiHarness } from '../support/api/api-harness';
import { createCommune, pdf, type Commune } from '../support/api/commune';

/** Tables a refused request must leave as they were. */
const TABLES = [
  'documents',
  'document_files',
  'processing_events',
  'audit_entries',
  'idempotency_keys',
  'users',
];

/** Checks the one error shape and returns the field entries. */
function refused(res: ApiResponse, status: number, code: string): Array<{ field: string; code: string }> {
  if (res.status !== status)
    throw new Error(
      `expected HTTP ${status}, got ${res.status}: ${res.bytes.toString('utf8').slice(0, 500)}`,
    );
  const { error } = res.body as { error: Record<string, unknown> };
  expect(error.code).toBe(code);
  expect(typeof error.message).toBe('string');
  expect(typeof error.messageVi).toBe('string');
  expect(error.requestId).toBe(res.headers.get('x-request-id'));
  const fields = (error.fields ?? []) as Array<Record<string, unknown>>;
  for (const f of fields) {
    expect(Object.keys(f).sort()).toEqual(['code', 'field', 'messages', 'messagesVi']);
    expect((f.messages as string[]).length).toBe(1);
    expect((f.messagesVi as string[]).length).toBe(1);
  }
  return fields.map((f) => ({ field: f.field as string, code: f.code as string }));
}

describe.each(['postgres', 'sqlite'] as const)('bad input is refused at the edge (%s)', (db) => {
  let h: ApiHarness;
  let api: ApiClient;
  let a: Commune;
  let clerk: string;
  let before: Record<string, number>;

  const counts = async (): Promise<Record<string, number>> => {
    const out: Record<string, number> = {};
    for (const t of TABLES) {
      const [row] = (await h.kyso.dataSource.query(`SELECT COUNT(*) AS n FROM ${t}`)) as Array<{
        n: unknown;
      }>;
      out[t] = Number(row.n);
    }
    return out;
  };
  const incoming = (extra: Record<string, unknown> = {}) => ({
    typeCode: 'cong-van',
    numberSymbol: '15/UBND-VP',
    documentDate: '2025-07-10',
    subject: 'Về việc tổ chức Tết Trung thu',
    senderName: 'Ủy ban nhân dân huyện Tân Phú',
    ...extra,
  });
  const form = (extra: Record<string, string>, file: { bytes: Buffer; fileName: string }) => ({
    ...(incoming(extra) as Record<string, string>),
    file,
  });
  const register = (json: unknown) => api.call('POST', '/api/v1/documents/incoming', { token: clerk, json });
  const search = (query: string) => api.call('GET', `/api/v1/documents?${query}`, { token: clerk });
  const rawJson = (path: string, bytes: Buffer) =>
    fetch(`${h.baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${clerk}`, 'content-type': 'application/json' },
      body: new Uint8Array(bytes),
    }).then(async (res) => {
      const body = Buffer.from(await res.arrayBuffer());
      return { status: res.status, headers: res.headers, bytes: body, body: JSON.parse(body.toString()) };
    });

  beforeAll(async () => {
    h = await startApi(`bad_input_${db}`, { db, env: { KYSO_MAX_UPLOAD_MB: '1' } });
    api = new ApiClient(h.baseUrl);
    a = await createCommune(api, 'UBND');
    clerk = a.users.clerk.token;
    expectStatus(await register(incoming()), 201);
    before = await counts();
  });
  afterAll(async () => {
    if (h) expect(await counts()).toEqual(before);
    await h?.close();
  });

  it('refuses NUL in a JSON and in a multipart subject', async () => {
    expect(refused(await register(incoming({ subject: 'Về việc\u0000' })), 400, 'VALIDATION_FAILED')).toEqual(
      [{ field: 'subject', code: 'CONTROL_CHARACTER' }],
    );
    const multipart = await api.call('POST', '/api/v1/documents/incoming', {
      token: clerk,
      form: form({ subject: 'Về việc\u0000' }, { bytes: pdf('nul'), fileName: 'a.pdf' }),
    });
    expect(refused(multipart, 400, 'VALIDATION_FAILED')).toEqual([
      { field: 'subject', code: 'CONTROL_CHARACTER' },
    ]);
    const outgoing = await api.call('POST', '/api/v1/documents/outgoing', {
      token: a.users.officer.token,
      json: { typeCode: 'quyet-dinh', subject: 'Khen thưởng', recipients: [{ name: 'Công an\u0000' }] },
    });
    expect(refused(outgoing, 400, 'VALIDATION_FAILED')).toEqual([
      { field: 'recipients.0.name', code: 'CONTROL_CHARACTER' },
    ]);
  });

  it('accepts line breaks in a subject but not in a sender name', async () => {
    expect(
      refused(await register(incoming({ senderName: 'UBND\nhuyện' })), 400, 'VALIDATION_FAILED'),
    ).toEqual([{ field: 'senderName', code: 'CONTROL_CHARACTER' }]);
  });

  it('refuses NUL and bytes that are not UTF-8 in query and path parameters', async () => {
    expect(refused(await search('q=%00'), 400, 'VALIDATION_FAILED')).toEqual([
      { field: 'q', code: 'CONTROL_CHARACTER' },
    ]);
    expect(refused(await search('typeCode=%00'), 400, 'VALIDATION_FAILED')).toEqual([
      { field: 'typeCode', code: 'CONTROL_CHARACTER' },
    ]);
    expect(refused(await search('q=%FF%FE'), 400, 'VALIDATION_FAILED')).toEqual([
      { field: 'q', code: 'INVALID_UTF8' },
    ]);
    const lineage = await api.call('GET', '/api/v1/lineage/%00/successors', { token: a.users.admin.token });
    expect(refused(lineage, 400, 'VALIDATION_FAILED')).toEqual([{ field: 'ref', code: 'CONTROL_CHARACTER' }]);
    const users = await api.call('GET', '/api/v1/users?organisationId=%00', { token: a.users.admin.token });
    expect(refused(users, 400, 'VALIDATION_FAILED')).toEqual([
      { field: 'organisationId', code: 'CONTROL_CHARACTER' },
    ]);
  });

  it('bounds paging numbers and path numbers', async () => {
    expect(refused(await search('page=100000000000000000000'), 400, 'VALIDATION_FAILED')).toEqual([
      { field: 'page', code: 'OUT_OF_RANGE' },
    ]);
    expect(refused(await search('pageSize=201'), 400, 'VALIDATION_FAILED')).toEqual([
      { field: 'pageSize', code: 'OUT_OF_RANGE' },
    ]);
    const [{ id }] = (await search('direction=incoming')).body.items as Array<{ id: string }>;
    const version = await api.call('GET', `/api/v1/documents/${id}/files/100000000000000000000`, {
      token: clerk,
    });
    expect(refused(version, 400, 'VALIDATION_FAILED')).toEqual([{ field: 'version', code: 'OUT_OF_RANGE' }]);
    const notUuid = await api.call('GET', '/api/v1/documents/42', { token: clerk });
    expect(refused(notUuid, 400, 'VALIDATION_FAILED')).toEqual([{ field: 'id', code: 'INVALID_UUID' }]);
  });

  it('applies one calendar rule to the search filter and the document date', async () => {
    expect(refused(await search('dateFrom=2025-02-30'), 400, 'VALIDATION_FAILED')).toEqual([
      { field: 'dateFrom', code: 'INVALID_DATE' },
    ]);
    expect(
      refused(await register(incoming({ documentDate: '2025-02-30' })), 400, 'VALIDATION_FAILED'),
    ).toEqual([{ field: 'documentDate', code: 'INVALID_DATE' }]);
  });

  it('refuses strings longer than their columns, and reports a missing subject once', async () => {
    const long = await register(
      incoming({ subject: 'x'.repeat(4001), senderName: 'y'.repeat(301), numberSymbol: 'z'.repeat(81) }),
    );
    expect(refused(long, 400, 'VALIDATION_FAILED').sort((x, y) => x.field.localeCompare(y.field))).toEqual([
      { field: 'numberSymbol', code: 'TOO_LONG' },
      { field: 'senderName', code: 'TOO_LONG' },
      { field: 'subject', code: 'TOO_LONG' },
    ]);
    const { subject: _, ...noSubject } = incoming();
    const missing = await register(noSubject);
    expect(refused(missing, 400, 'VALIDATION_FAILED')).toEqual([{ field: 'subject', code: 'REQUIRED' }]);
    expect(missing.body.error.fields[0].messages).toEqual(['is required']);
    expect(missing.body.error.fields[0].messagesVi).toEqual(['không được để trống']);
  });

  it('refuses JSON too deep, too large, malformed or not UTF-8', async () => {
    const deep = Buffer.from(`{"subject":${'['.repeat(100)}${']'.repeat(100)}}`);
    refused(await rawJson('/api/v1/documents/incoming', deep), 400, 'JSON_TOO_DEEP');
    const big = Buffer.from(JSON.stringify(incoming({ note: 'x'.repeat(1_100_000) })));
    refused(await rawJson('/api/v1/documents/incoming', big), 413, 'PAYLOAD_TOO_LARGE');
    refused(await rawJson('/api/v1/documents/incoming', Buffer.from('{"subject":')), 400, 'MALFORMED_JSON');
    // "Tết" written in Windows-1258 by an old client: the byte 0xEA alone is not UTF-8.
    const latin1 = Buffer.concat([
      Buffer.from('{"typeCode":"cong-van","senderName":"UBND huyện","subject":"T'),
      Buffer.from([0xea, 0xf2]),
      Buffer.from('t"}'),
    ]);
    expect(refused(await rawJson('/api/v1/documents/incoming', latin1), 400, 'VALIDATION_FAILED')).toEqual([
      { field: 'subject', code: 'INVALID_UTF8' },
    ]);
    const surrogate = Buffer.from(JSON.stringify(incoming()).replace('Trung', '\\ud800'));
    expect(refused(await rawJson('/api/v1/documents/incoming', surrogate), 400, 'VALIDATION_FAILED')).toEqual(
      [{ field: 'subject', code: 'INVALID_UTF8' }],
    );
  });

  it('names the file field in upload errors', async () => {
    const notPdf = await api.call('POST', '/api/v1/documents/incoming', {
      token: clerk,
      form: form({ numberSymbol: '99/UBND' }, { bytes: Buffer.from('MZ not a pdf'), fileName: 'x.pdf' }),
    });
    expect(refused(notPdf, 400, 'NOT_PDF')).toEqual([{ field: 'file', code: 'NOT_PDF' }]);
    const big = Buffer.concat([pdf('big'), Buffer.alloc(1024 * 1024 + 10, 0x20)]);
    const tooLarge = await api.call('POST', '/api/v1/documents/incoming', {
      token: clerk,
      form: form({ numberSymbol: '98/UBND' }, { bytes: big, fileName: 'big.pdf' }),
    });
    expect(refused(tooLarge, 413, 'PAYLOAD_TOO_LARGE')).toEqual([
      { field: 'file', code: 'PAYLOAD_TOO_LARGE' },
    ]);
    const [{ id }] = (await search('direction=incoming')).body.items as Array<{ id: string }>;
    const noFile = await api.call('POST', `/api/v1/documents/${id}/versions`, {
      token: clerk,
      form: { kind: 'signed' },
    });
    expect(refused(noFile, 400, 'FILE_REQUIRED')).toEqual([{ field: 'file', code: 'FILE_REQUIRED' }]);
  });

  it('publishes the error shape as a schema of the OpenAPI document', async () => {
    const { schemas } = expectStatus(await api.call('GET', '/api/docs-json'), 200).body.components;
    expect(Object.keys(schemas.ErrorBody.properties)).toEqual(['error']);
    expect(schemas.ErrorDetail.required).toEqual(['code', 'message', 'messageVi']);
    expect(schemas.FieldError.required).toEqual(['field', 'code', 'messages', 'messagesVi']);
  });
});
