import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { ApiClient, expectStatus } from '../support/api/api-client';
import { startApi, type ApiHarness } from '../support/api/api-harness';
import { createCommune, pdf, type Commune } from '../support/api/commune';

describe('document registry API over HTTP (PostgreSQL)', () => {
  let h: ApiHarness;
  let api: ApiClient;
  let a: Commune;
  let b: Commune;
  beforeAll(async () => {
    h = await startApi('docapi', { env: { KYSO_MAX_UPLOAD_MB: '1' } });
    api = new ApiClient(h.baseUrl);
    a = await createCommune(api, 'UBND');
    b = await createCommune(api, 'UBND');
  });
  afterAll(() => h?.close());

  const incoming = (n: number, extra: Record<string, string> = {}) => ({
    typeCode: 'cong-van',
    numberSymbol: `${n}/UBND-VP`,
    documentDate: '2025-07-10',
    subject: 'Về việc tổ chức Tết Trung thu',
    senderName: 'Ủy ban nhân dân huyện Tân Phú',
    senderCode: '000.00.10.H41',
    ...extra,
  });

  it('registers an incoming PDF with its SHA-256, replays an idempotent retry and refuses a reused key', async () => {
    const file = { bytes: pdf('incoming-1'), fileName: 'Công văn 15.pdf' };
    const headers = { 'idempotency-key': 'reg-1' };
    const first = expectStatus(
      await api.call('POST', '/api/v1/documents/incoming', {
        token: a.users.clerk.token,
        form: { ...incoming(15), file },
        headers,
      }),
      201,
    );
    expect(first.body.registerNumber).toBe(1);
    expect(first.body.status).toBe('03');
    const again = expectStatus(
      await api.call('POST', '/api/v1/documents/incoming', {
        token: a.users.clerk.token,
        form: { ...incoming(15), file },
        headers,
      }),
      201,
    );
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    const other = await api.call('POST', '/api/v1/documents/incoming', {
      token: a.users.clerk.token,
      form: { ...incoming(16), file },
      headers,
    });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const detail = expectStatus(
      await api.call('GET', `/api/v1/documents/${first.body.id}`, { token: a.users.clerk.token }),
      200,
    ).body;
    expect(detail.files[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(detail.files[0].fileName).toBe('Công văn 15.pdf');
    expect(detail.files[0].signatureStatus).toBe('unsigned');
    const download = expectStatus(
      await api.call('GET', `/api/v1/documents/${first.body.id}/files/latest`, {
        token: a.users.clerk.token,
      }),
      200,
    );
    expect(download.bytes).toEqual(file.bytes);
    expect(download.headers.get('x-content-sha256')).toBe(detail.files[0].sha256);
  });

  it('warns about a duplicate incoming document and registers it only when confirmed', async () => {
    const dup = await api.call('POST', '/api/v1/documents/incoming', {
      token: a.users.clerk.token,
      form: incoming(15, { numberSymbol: '15 / UBND-VP' }),
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('INCOMING_DUPLICATE');
    expect(dup.body.error.messageVi).toContain('đã được vào sổ');
    const confirmed = expectStatus(
      await api.call('POST', '/api/v1/documents/incoming', {
        token: a.users.clerk.token,
        json: { ...incoming(15), acceptDuplicate: true },
      }),
      201,
    );
    expect(confirmed.body.registerNumber).toBe(2);
  });

  it('rejects a non-PDF upload, an oversized upload and invalid fields with field-level messages', async () => {
    const notPdf = await api.call('POST', '/api/v1/documents/incoming', {
      token: a.users.clerk.token,
      form: { ...incoming(30), file: { bytes: Buffer.from('MZ\x90\x00 not a pdf'), fileName: 'x.pdf' } },
    });
    expect(notPdf.status).toBe(400);
    expect(notPdf.body.error.code).toBe('NOT_PDF');
    expect(notPdf.body.error.fields).toEqual([
      {
        field: 'file',
        code: 'NOT_PDF',
        messages: ['The file is not a PDF document'],
        messagesVi: ['Tệp tải lên không phải là tệp PDF'],
      },
    ]);
    const big = Buffer.concat([pdf('big'), Buffer.alloc(1024 * 1024 + 10, 0x20)]);
    const tooLarge = await api.call('POST', '/api/v1/documents/incoming', {
      token: a.users.clerk.token,
      form: { ...incoming(31), file: { bytes: big, fileName: 'big.pdf' } },
    });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error.fields.map((f: { field: string; code: string }) => [f.field, f.code])).toEqual(
      [['file', 'PAYLOAD_TOO_LARGE']],
    );
    const invalid = await api.call('POST', '/api/v1/documents/incoming', {
      token: a.users.clerk.token,
      json: {
        typeCode: 'cong-van',
        subject: '',
        senderName: 'X',
        documentDate: '10/07/2025',
        urgency: 'asap',
      },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'documentDate',
      'subject',
      'urgency',
    ]);
    const byField = Object.fromEntries(
      invalid.body.error.fields.map((f: { field: string; code: string; messages: string[] }) => [f.field, f]),
    );
    expect(byField.subject).toEqual({
      field: 'subject',
      code: 'REQUIRED',
      messages: ['is required'],
      messagesVi: ['không được để trống'],
    });
    expect([byField.documentDate.code, byField.urgency.code]).toEqual(['INVALID_DATE', 'NOT_ALLOWED']);
    const before = (
      await api.call('GET', '/api/v1/documents?direction=incoming', { token: a.users.clerk.token })
    ).body.total;
    expect(before).toBe(2);
  });

  it('routes an incoming document to a unit and follows it to completion', async () => {
    const doc = expectStatus(
      await api.call('POST', '/api/v1/documents/incoming', {
        token: a.users.clerk.token,
        json: { ...incoming(40), subject: 'Kế hoạch phòng chống lụt bão', dueDate: '2025-07-25' },
      }),
      201,
    ).body;
    expectStatus(
      await api.call('POST', `/api/v1/documents/${doc.id}/present`, {
        token: a.users.clerk.token,
        json: { leaderId: a.users.leader.id },
      }),
      200,
    );
    const assigned = expectStatus(
      await api.call('POST', `/api/v1/documents/${doc.id}/assignments`, {
        token: a.users.leader.token,
        json: {
          lead: { unitId: a.unitId },
          forInformation: [{ userId: a.users.clerk.id }],
          instruction: 'Phòng VX chủ trì',
          deadline: '2025-07-20',
        },
      }),
      201,
    ).body;
    expect(assigned.document.status).toBe('04');
    const lead = assigned.assignments.find((x: { role: string }) => x.role === 'lead');
    const progress = expectStatus(
      await api.call('POST', `/api/v1/assignments/${lead.id}/progress`, {
        token: a.users.officer.token,
        json: { note: 'Đang triển khai', percent: 50 },
      }),
      200,
    ).body;
    expect(progress.document.status).toBe('05');
    const overdue = expectStatus(
      await api.call('GET', '/api/v1/assignments?due=overdue', { token: a.users.officer.token }),
      200,
    ).body;
    expect(overdue.map((x: { document: { id: string } }) => x.document.id)).toContain(doc.id);
    const done = expectStatus(
      await api.call('POST', `/api/v1/assignments/${lead.id}/progress`, {
        token: a.users.officer.token,
        json: { note: 'Đã hoàn thành', completed: true },
      }),
      200,
    ).body;
    expect(done.document.status).toBe('06');
  });

  it('takes an outgoing document from draft to dispatch and delivers it into another commune’s queue', async () => {
    const draft = expectStatus(
      await api.call('POST', '/api/v1/documents/outgoing', {
        token: a.users.officer.token,
        form: {
          typeCode: 'quyet-dinh',
          subject: 'Quyết định khen thưởng tập thể',
          recipients: JSON.stringify([
            { organisationId: b.id },
            { name: 'Công an huyện', email: 'ca@example.vn' },
          ]),
          file: { bytes: pdf('draft'), fileName: 'du-thao.pdf' },
        },
      }),
      201,
    ).body;
    expectStatus(
      await api.call('POST', `/api/v1/documents/${draft.id}/submit`, { token: a.users.officer.token }),
      200,
    );
    const signedFile = expectStatus(
      await api.call('POST', `/api/v1/documents/${draft.id}/versions`, {
        token: a.users.leader.token,
        form: { kind: 'signed', file: { bytes: pdf('signed'), fileName: 'da-ky.pdf' } },
      }),
      201,
    ).body;
    expect(signedFile.version).toBe(2);
    expectStatus(
      await api.call('POST', `/api/v1/documents/${draft.id}/sign`, { token: a.users.leader.token, json: {} }),
      200,
    );
    const issued = expectStatus(
      await api.call('POST', `/api/v1/documents/${draft.id}/issue`, {
        token: a.users.clerk.token,
        headers: { 'idempotency-key': `issue-${draft.id}` },
      }),
      200,
    ).body;
    expect(issued.number).toBe(1);
    expect(issued.numberSymbol).toBe('01/QĐ-UBND');
    const retried = expectStatus(
      await api.call('POST', `/api/v1/documents/${draft.id}/issue`, {
        token: a.users.clerk.token,
        headers: { 'idempotency-key': `issue-${draft.id}` },
      }),
      200,
    ).body;
    expect(retried.numberSymbol).toBe('01/QĐ-UBND');
    const twice = await api.call('POST', `/api/v1/documents/${draft.id}/issue`, {
      token: a.users.clerk.token,
    });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('INVALID_STATE');
    expectStatus(
      await api.call('POST', `/api/v1/documents/${draft.id}/seal`, { token: a.users.clerk.token }),
      200,
    );
    const sent = expectStatus(
      await api.call('POST', `/api/v1/documents/${draft.id}/dispatch`, {
        token: a.users.clerk.token,
        json: {},
      }),
      200,
    ).body;
    expect(sent.downloadLinks).toHaveLength(1);
    const link = new URL(sent.downloadLinks[0].url);
    const fetched = expectStatus(await api.call('GET', link.pathname), 200);
    expect(fetched.bytes).toEqual(pdf('signed'));

    const inbox = expectStatus(
      await api.call('GET', '/api/v1/documents?direction=incoming&status=01', { token: b.users.clerk.token }),
      200,
    ).body;
    const received = inbox.items.find((d: { sourceDocumentId: string }) => d.sourceDocumentId === draft.id);
    expect(received.numberSymbol).toBe('01/QĐ-UBND');
    const registered = expectStatus(
      await api.call('POST', `/api/v1/documents/${received.id}/register`, {
        token: b.users.clerk.token,
        json: {},
      }),
      200,
    ).body;
    expect(registered.status).toBe('03');
    expect(registered.registerNumber).toBe(1);
  });

  it('searches without diacritics and exports the registers as CSV, XLSX and PDF', async () => {
    const found = expectStatus(
      await api.call('GET', `/api/v1/documents?q=${encodeURIComponent('quyet dinh KHEN thuong')}`, {
        token: a.users.leader.token,
      }),
      200,
    ).body;
    expect(found.items.map((d: { subject: string }) => d.subject)).toEqual([
      'Quyết định khen thưởng tập thể',
    ]);
    const registers = expectStatus(
      await api.call('GET', '/api/v1/registers', { token: a.users.clerk.token }),
      200,
    ).body;
    const incomingRegister = registers.find((r: { kind: string }) => r.kind === 'incoming');
    const outgoingRegister = registers.find((r: { kind: string }) => r.kind === 'outgoing');
    const csv = expectStatus(
      await api.call('GET', `/api/v1/registers/${incomingRegister.id}/export?format=csv`, {
        token: a.users.clerk.token,
      }),
      200,
    );
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = csv.bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe(
      'Ngày đến,Số đến,Tác giả,"Số, ký hiệu",Ngày văn bản,Tên loại và trích yếu nội dung,Đơn vị hoặc người nhận,Ngày chuyển,Ký nhận,Ghi chú',
    );
    expect(lines[1]).toContain('15/UBND-VP');
    const xlsx = expectStatus(
      await api.call('GET', `/api/v1/registers/${outgoingRegister.id}/export?format=xlsx`, {
        token: a.users.leader.token,
        headers: { 'accept-language': 'en' },
      }),
      200,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(2).getCell(1).value).toBe('OUTGOING DOCUMENTS REGISTER');
    expect(sheet.getRow(6).getCell(1).value).toBe('01/QĐ-UBND');
    const pdfExport = expectStatus(
      await api.call('GET', `/api/v1/registers/${outgoingRegister.id}/export?format=pdf`, {
        token: a.users.clerk.token,
      }),
      200,
    );
    expect(pdfExport.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const badFormat = await api.call('GET', `/api/v1/registers/${outgoingRegister.id}/export?format=doc`, {
      token: a.users.clerk.token,
    });
    expect(badFormat.status).toBe(400);
  });

  it('documents the API in OpenAPI', async () => {
    const doc = expectStatus(await api.call('GET', '/api/docs-json'), 200).body;
    for (const path of [
      '/api/v1/auth/login',
      '/api/v1/documents/incoming',
      '/api/v1/documents/{id}/issue',
      '/api/v1/registers/{id}/export',
      '/api/v1/assignments/{id}/progress',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['RegisterIncomingDto', 'CreateOutgoingDto', 'IssueResultDto']),
    );
    expect(doc.components.schemas.RegisterIncomingDto.required).toEqual(
      expect.arrayContaining(['typeCode', 'subject', 'senderName']),
    );
  });
});
