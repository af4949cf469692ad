import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditTrail } from '../audit/audit-verify';
import {
  createTestDomain,
  samplePdf,
  type TestDomain,
  type TestOrganisation,
} from '../../testing/test-domain';

describe('document flows (SQLite)', () => {
  let t: TestDomain;
  let a: TestOrganisation;
  let b: TestOrganisation;
  beforeAll(async () => {
    t = await createTestDomain();
    a = await t.organisation('UBND');
    b = await t.organisation('UBND');
  });
  afterAll(() => t.close());

  it('registers incoming documents with consecutive arrival numbers and warns about duplicates', async () => {
    const input = {
      typeCode: 'cong-van',
      numberSymbol: '15/UBND-VX',
      documentDate: '2025-07-10',
      subject: 'Về việc tổ chức Tết Trung thu',
      senderName: 'UBND huyện Tân Phú',
      senderCode: '000.00.10.H41',
    };
    const first = await t.services.incoming.register(a.clerk, input, {
      bytes: samplePdf('in1'),
      fileName: 'cv15.pdf',
    });
    expect(first.registerNumber).toBe(1);
    expect(first.status).toBe('03');
    expect(first.signatureStatus).toBe('not-checked');
    const dup = await t.services.incoming
      .register(a.clerk, { ...input, numberSymbol: '15 / UBND-VX' })
      .catch((e) => e);
    expect(dup.code).toBe('INCOMING_DUPLICATE');
    expect(dup.details.duplicates[0].id).toBe(first.id);
    const second = await t.services.incoming.register(a.clerk, { ...input, acceptDuplicate: true });
    expect(second.registerNumber).toBe(2);
    // Another organisation numbers independently.
    const other = await t.services.incoming.register(b.clerk, input);
    expect(other.registerNumber).toBe(1);
  });

  it('routes an incoming document: present → assign → progress → done', async () => {
    const doc = await t.services.incoming.register(a.clerk, {
      typeCode: 'ke-hoach',
      numberSymbol: '20/KH-UBND',
      subject: 'Kế hoạch phòng chống lụt bão',
      senderName: 'UBND tỉnh',
    });
    await t.services.incoming.present(a.clerk, doc.id, a.leader.userId);
    const officerBefore = await t.services.queries.get(a.officer, doc.id).catch((e) => e);
    expect(officerBefore.code).toBe('DOCUMENT_NOT_FOUND');
    const { assignments } = await t.services.assignments.assign(a.leader, doc.id, {
      lead: { unitId: a.unitId },
      forInformation: [{ userId: a.clerk.userId }],
      instruction: 'Triển khai ngay',
      deadline: '2025-07-20',
    });
    expect(assignments.map((x) => x.role)).toEqual(['lead', 'info']);
    const seen = await t.services.queries.get(a.officer, doc.id);
    expect(seen.status).toBe('04');
    const lead = assignments[0];
    const p1 = await t.services.assignments.progress(a.officer, lead.id, {
      note: 'Đang xây dựng kế hoạch',
      percent: 30,
    });
    expect(p1.document.status).toBe('05');
    t.clock.set('2025-07-18T02:00:00Z');
    const soon = await t.services.assignments.list(a.leader, { due: 'due-soon', days: 3 });
    expect(soon.map((x) => x.document.id)).toContain(doc.id);
    expect(soon.find((x) => x.document.id === doc.id)?.daysLeft).toBe(2);
    t.clock.set('2025-07-22T02:00:00Z');
    const overdue = await t.services.assignments.list(a.officer, { due: 'overdue' });
    expect(overdue.map((x) => x.document.numberSymbol)).toContain('20/KH-UBND');
    const done = await t.services.assignments.progress(a.officer, lead.id, {
      note: 'Đã ban hành kế hoạch',
      completed: true,
    });
    expect(done.document.status).toBe('06');
    expect(
      (await t.services.assignments.list(a.leader, { due: 'overdue' })).map((x) => x.document.id),
    ).not.toContain(doc.id);
    const detail = await t.services.queries.get(a.leader, doc.id);
    expect(detail.events.map((e) => e.kind)).toEqual(['presented', 'assigned', 'progress', 'completed']);
  });

  it('takes an outgoing document from draft to dispatch and delivers it to another commune', async () => {
    t.clock.set('2025-08-01T01:00:00Z');
    const draft = await t.services.drafting.create(
      a.officer,
      {
        typeCode: 'cong-van',
        subject: 'Về việc báo cáo tình hình',
        recipients: [{ organisationId: b.id }, { name: 'Công an huyện', email: 'ca@example.vn' }],
      },
      { bytes: samplePdf('draft'), fileName: 'du-thao.pdf' },
    );
    expect(draft.status).toBe('draft');
    await t.services.drafting.submit(a.officer, draft.id);
    await t.services.versions.addVersion(
      a.leader,
      draft.id,
      { bytes: samplePdf('signed'), fileName: 'da-ky.pdf' },
      'signed',
    );
    const signed = await t.services.drafting.sign(a.leader, draft.id);
    expect(signed.signerName).toBe('Nguyễn Văn Lãnh');
    const issued = await t.services.issuing.issue(a.clerk, draft.id);
    expect(issued.numberSymbol).toBe('01/UBND-VX');
    expect(issued.documentDate).toBe('2025-08-01');
    await t.services.issuing.seal(a.clerk, draft.id);
    const sent = await t.services.dispatch.dispatch(a.clerk, draft.id);
    expect(sent.recipients.map((r) => r.status)).toEqual(['delivered', 'delivered']);
    expect(sent.downloadTokens).toHaveLength(1);
    const inbox = await t.services.queries.search(b.clerk, { direction: 'incoming', status: '01' });
    const received = inbox.items.find((d) => d.sourceDocumentId === draft.id)!;
    expect(received.numberSymbol).toBe('01/UBND-VX');
    expect(received.senderOrganisationId).toBe(a.id);
    const registered = await t.services.incoming.registerArrived(b.clerk, received.id);
    expect(registered.status).toBe('03');
    const download = await t.services.dispatch.openDownload(sent.downloadTokens[0].token);
    expect(download.fileName).toBe('da-ky.pdf');
    await expect(t.services.dispatch.openDownload('nope')).rejects.toMatchObject({
      code: 'DOWNLOAD_LINK_INVALID',
    });
    // The sender's documents stay invisible to the receiver.
    await expect(t.services.queries.get(b.clerk, draft.id)).rejects.toMatchObject({
      code: 'DOCUMENT_NOT_FOUND',
    });
  });

  it('keeps a cancelled number and links a recall letter to the original', async () => {
    const mk = async (subject: string, relatesTo?: { documentId: string; relation: 'recall' }) => {
      const d = await t.services.drafting.create(
        a.clerk,
        { typeCode: 'quyet-dinh', subject, recipients: [{ organisationId: b.id }], relatesTo },
        { bytes: samplePdf(subject), fileName: 'qd.pdf' },
      );
      await t.services.drafting.submit(a.clerk, d.id);
      await t.services.drafting.sign(a.leader, d.id);
      return t.services.issuing.issue(a.clerk, d.id);
    };
    const one = await mk('Quyết định khen thưởng');
    const two = await mk('Quyết định thành lập tổ công tác');
    expect([one.numberSymbol, two.numberSymbol]).toEqual(['02/QĐ-UBND', '03/QĐ-UBND']);
    const cancelled = await t.services.drafting.cancel(a.leader, one.document.id, 'Sai thẩm quyền');
    expect(cancelled.registerNumber).toBe(2);
    await t.services.issuing.seal(a.clerk, two.document.id);
    await t.services.dispatch.dispatch(a.clerk, two.document.id);
    const recall = await mk('Thu hồi quyết định thành lập tổ công tác', {
      documentId: two.document.id,
      relation: 'recall',
    });
    expect(recall.number).toBe(4);
    await t.services.issuing.seal(a.clerk, recall.document.id);
    await t.services.dispatch.dispatch(a.clerk, recall.document.id);
    const original = await t.services.queries.get(a.clerk, two.document.id);
    expect(original.status).toBe('recalled');
    const copies = await t.services.queries.search(b.clerk, { q: 'to cong tac', direction: 'incoming' });
    const copy = copies.items.find((d) => d.sourceDocumentId === two.document.id)!;
    expect(copy.recalledAt).not.toBeNull();
  });

  it('finds documents ignoring diacritics and case', async () => {
    const page = await t.services.queries.search(a.clerk, { q: 'quyet dinh KHEN' });
    expect(page.items.map((d) => d.subject)).toEqual(['Quyết định khen thưởng']);
    expect((await t.services.queries.search(a.clerk, { q: '03/qd-ubnd' })).total).toBe(1);
    expect((await t.services.queries.search(a.clerk, { q: '100%' })).total).toBe(0);
  });

  it('exports registers as CSV with a BOM, XLSX and PDF', async () => {
    const registers = await t.services.registers.list(a.clerk, { kind: 'outgoing' });
    const csv = await t.services.exports.export(a.clerk, registers[0].id, 'csv', 'vi');
    expect(csv.body.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const text = csv.body.toString('utf8');
    expect(text).toContain('Số, ký hiệu văn bản');
    expect(text).toContain('02/QĐ-UBND');
    expect(text).toContain('Đã hủy: Sai thẩm quyền');
    const xlsx = await t.services.exports.export(a.clerk, registers[0].id, 'xlsx', 'en');
    expect(xlsx.body.subarray(0, 2).toString()).toBe('PK');
    const pdf = await t.services.exports.export(a.clerk, registers[0].id, 'pdf', 'vi');
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('keeps an audit trail that verifies', async () => {
    const report = await verifyAuditTrail(t.ds);
    expect(report.ok).toBe(true);
    expect(report.checkedEntries).toBeGreaterThan(20);
  });
});
