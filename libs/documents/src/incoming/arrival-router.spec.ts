/**
 * Routing on delivery at the service level: a split routes to the primary successor, an arrival left with a ceased
 * commune by a path that does not route is moved when the successor's clerk registers it, and a delivery to a code
 * nobody held stores nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalBlobStore } from '@kyso/storage';
import {
  createTestDomain,
  samplePdf,
  type TestDomain,
  type TestOrganisation,
} from '../../testing/test-domain';
import { DispatchService } from '../outgoing/dispatch.service';

describe('ArrivalRouter on delivery (SQLite)', () => {
  let t: TestDomain;
  let sender: TestOrganisation;
  let a: TestOrganisation;
  let c: TestOrganisation;
  let p: TestOrganisation;
  let q: TestOrganisation;
  let r: TestOrganisation;
  const code = async (id: string) => (await t.services.organisations.get(t.sysadmin, id)).code!;

  async function sealed(subject: string): Promise<string> {
    const draft = await t.services.drafting.create(
      sender.clerk,
      { typeCode: 'cong-van', subject },
      { bytes: samplePdf(subject), fileName: 'cv.pdf' },
    );
    await t.services.drafting.submit(sender.clerk, draft.id);
    await t.services.versions.addVersion(
      sender.leader,
      draft.id,
      { bytes: samplePdf(`${subject} signed`), fileName: 'da-ky.pdf' },
      'signed',
    );
    await t.services.drafting.sign(sender.leader, draft.id);
    await t.services.issuing.issue(sender.clerk, draft.id);
    await t.services.issuing.seal(sender.clerk, draft.id);
    return draft.id;
  }

  beforeAll(async () => {
    t = await createTestDomain({ now: '2025-06-01T02:00:00Z' });
    sender = await t.organisation('UBND', 'UBND xã Gửi');
    a = await t.organisation('UBND', 'UBND xã A');
    c = await t.organisation('UBND', 'UBND xã C');
    p = await t.organisation('UBND', 'UBND xã P');
    q = await t.organisation('UBND', 'UBND xã Q');
    r = await t.organisation('UBND', 'UBND xã R');
    await t.services.lineage.recordMerge(t.sysadmin, {
      from: [a.id],
      into: c.id,
      effectiveDate: '2025-07-01',
    });
    await t.services.lineage.recordSplit(t.sysadmin, {
      from: p.id,
      into: [q.id, r.id],
      primary: r.id,
      effectiveDate: '2025-07-01',
    });
    t.clock.set('2025-07-14T02:00:00Z');
  });
  afterAll(() => t.close());

  it('delivers mail for a split commune to the primary successor the split names', async () => {
    const id = await sealed('Gửi xã P');
    const sent = await t.services.dispatch.dispatch(sender.clerk, id, {
      recipients: [{ code: await code(p.id) }],
    });
    expect(sent.recipients[0]).toMatchObject({
      organisationId: r.id,
      routedFrom: { organisationId: p.id, kind: 'split-into', effectiveDate: '2025-07-01' },
    });
    const copy = await t.services.queries.get(r.clerk, sent.recipients[0].deliveredDocumentId!);
    expect(copy.events.find((e) => e.kind === 'routed')?.note).toContain('gửi UBND xã P → chuyển UBND xã R');
    expect(copy.events.find((e) => e.kind === 'routed')?.note).toContain('chia tách từ 2025-07-01');
  });

  it('moves an arrival left with a ceased commune when the successor’s clerk registers it', async () => {
    // A delivery path that does not route (as an exchange receiver that writes first would).
    const unrouted = new DispatchService(
      t.ds,
      t.clock,
      t.services.audit,
      t.services.incoming,
      new LocalBlobStore(t.blobDir),
    );
    const id = await sealed('Gửi xã A theo đường cũ');
    const sent = await unrouted.dispatch(sender.clerk, id, { recipients: [{ organisationId: a.id }] });
    const arrivalId = sent.recipients[0].deliveredDocumentId!;
    expect(sent.recipients[0].organisationId).toBe(a.id);

    const registered = await t.services.incoming.registerArrived(c.clerk, arrivalId);
    expect(registered).toMatchObject({ organisationId: c.id, status: '03' });
    const detail = await t.services.queries.get(c.clerk, arrivalId);
    expect(detail.events.map((e) => e.kind)).toContain('routed');
  });

  it('refuses a code nobody holds or held, naming the field, and dispatches nothing', async () => {
    const id = await sealed('Gửi mã lạ');
    const err = await t.services.dispatch
      .dispatch(sender.clerk, id, { recipients: [{ organisationId: c.id }, { code: '000.00.99.H98' }] })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'RECIPIENT_CODE_UNKNOWN',
      details: { fields: ['recipients.1.code'] },
    });
    const doc = await t.services.queries.get(sender.clerk, id);
    expect(doc.status).toBe('sealed');
    expect(doc.recipients).toEqual([]);
    const inbox = await t.services.queries.search(c.clerk, { direction: 'incoming', status: '01' });
    expect(inbox.items.some((d) => d.sourceDocumentId === id)).toBe(false);
  });
});
