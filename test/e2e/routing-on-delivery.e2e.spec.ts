/**
 * The story of issue 13, over HTTP with nothing else running (no worker, no sweep): communes A and C exist, A merges
 * into C today and the merger is applied; then a third commune dispatches a document to A's old identification code.
 * It lands in C's queue in the same request, the answer says it was routed, C's clerk registers it, and the document's
 * history and both organisations' audit trails show the routing. Embedded mode (SQLite) and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerOrg } from '../../apps/cli/src/commands/org.command';
import { type CliIo, runCli } from '../../apps/cli/src/program';
import { ApiClient, expectStatus } from '../support/api/api-client';
import { type ApiHarness, ROOT, startApi } from '../support/api/api-harness';
import { type Commune, createCommune, pdf } from '../support/api/commune';

/** Calendar day in Vietnam (UTC+7), as the API dates organisations. */
const vietnamDay = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

describe.each(['sqlite', 'postgres'] as const)('routing on delivery (%s)', (db) => {
  let h: ApiHarness;
  let api: ApiClient;
  let root: string;
  let a: { id: string; code: string };
  let c: Commune;
  let cCode: string;
  let sender: Commune;

  /** A sealed outgoing document of the sender, ready to dispatch. */
  async function sealedDocument(subject: string): Promise<string> {
    const draft = expectStatus(
      await api.call('POST', '/api/v1/documents/outgoing', {
        token: sender.users.clerk.token,
        form: {
          typeCode: 'cong-van',
          subject,
          file: { bytes: pdf(subject), fileName: 'cv.pdf' },
        },
      }),
      201,
    ).body;
    expectStatus(
      await api.call('POST', `/api/v1/documents/${draft.id}/submit`, { token: sender.users.clerk.token }),
      200,
    );
    expectStatus(
      await api.call('POST', `/api/v1/documents/${draft.id}/versions`, {
        token: sender.users.leader.token,
        form: { kind: 'signed', file: { bytes: pdf(`${subject} signed`), fileName: 'da-ky.pdf' } },
      }),
      201,
    );
    expectStatus(
      await api.call('POST', `/api/v1/documents/${draft.id}/sign`, {
        token: sender.users.leader.token,
        json: {},
      }),
      200,
    );
    expectStatus(
      await api.call('POST', `/api/v1/documents/${draft.id}/issue`, { token: sender.users.clerk.token }),
      200,
    );
    expectStatus(
      await api.call('POST', `/api/v1/documents/${draft.id}/seal`, { token: sender.users.clerk.token }),
      200,
    );
    return draft.id as string;
  }

  beforeAll(async () => {
    h = await startApi(`routing_${db}`, { db });
    api = new ApiClient(h.baseUrl);
    root = await api.login(ROOT.username, ROOT.password);
    const orgA = expectStatus(
      await api.call('POST', '/api/v1/organisations', {
        token: root,
        json: {
          name: 'UBND xã A',
          shortName: 'UBND',
          code: '000.00.91.H99',
          validFrom: '2024-01-01',
        },
      }),
      201,
    ).body;
    a = { id: orgA.id, code: orgA.code };
    c = await createCommune(api, 'UBND', 'UBND xã C');
    cCode = expectStatus(await api.call('GET', `/api/v1/organisations/${c.id}`, { token: root }), 200).body
      .code;
    sender = await createCommune(api, 'UBND', 'UBND xã B');

    const merger = expectStatus(
      await api.call('POST', '/api/v1/reorganisations/merge', {
        token: root,
        json: { from: [a.code], into: cCode, effectiveDate: vietnamDay() },
      }),
      201,
    ).body;
    const plan = expectStatus(
      await api.call('POST', `/api/v1/reorganisations/${merger.id}/plan`, { token: root, json: {} }),
      201,
    ).body;
    expect(plan.problems).toEqual([]);
    expectStatus(
      await api.call('POST', `/api/v1/reorganisations/${merger.id}/apply`, {
        token: root,
        json: { decisions: {}, planHash: plan.planHash },
      }),
      201,
    );
  });
  afterAll(() => h?.close());

  it('answers the successor for the old code at once', async () => {
    const answer = expectStatus(
      await api.call('GET', `/api/v1/lineage/${a.code}/addressee`, { token: root }),
      200,
    ).body;
    expect(answer.redirected).toBe(true);
    expect(answer.addressed.id).toBe(a.id);
    expect(answer.holders[0].organisation.id).toBe(c.id);
    expect(answer.holders[0].path[0]).toMatchObject({ kind: 'merged-into', successorId: c.id });
    const unknown = await api.call('GET', '/api/v1/lineage/000.00.99.H98/addressee', { token: root });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('LINEAGE_ORGANISATION_NOT_FOUND');
  });

  it('answers the successor at once after a merger recorded and applied by the CLI (another process)', async () => {
    // Two communes without users (logins are rate-limited): the lineage is all this asks about.
    const organisation = async (name: string, code: string) =>
      expectStatus(
        await api.call('POST', '/api/v1/organisations', {
          token: root,
          json: { name, shortName: 'UBND', code, validFrom: '2024-01-01' },
        }),
        201,
      ).body as { id: string; code: string };
    const d = await organisation('UBND xã D', '000.00.92.H99');
    const e = await organisation('UBND xã E', '000.00.93.H99');
    const [dCode, eCode] = [d.code, e.code];
    const ask = async () =>
      expectStatus(await api.call('GET', `/api/v1/lineage/${dCode}/addressee`, { token: root }), 200).body;
    // The API has read (and holds) the lineage in which D still exists.
    expect((await ask()).holders[0].organisation.id).toBe(d.id);

    const options = h.kyso.dataSource.options as { url?: string; database?: string };
    const env = {
      DATABASE_URL: db === 'postgres' ? options.url! : `sqlite:${options.database!}`,
      KYSO_DATA_DIR: h.dataDir,
    };
    const kyso = async (...args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env };
      const code = await runCli(args, [registerOrg], io);
      expect(code, err.join('')).toBe(0);
      return out.join('');
    };
    const event = JSON.parse(
      await kyso('org', 'merge', '--into', eCode, '--from', dCode, '--effective', vietnamDay(), '--json'),
    ) as { id: string };
    const plan = JSON.parse(await kyso('org', 'plan', event.id, '--json')) as { planHash: string };
    await kyso('org', 'apply', event.id, '--confirm', plan.planHash);

    const answer = await ask();
    expect(answer.redirected).toBe(true);
    expect(answer.holders.map((x: { organisation: { id: string } }) => x.organisation.id)).toEqual([e.id]);
    expect(answer.holders[0].path[0]).toMatchObject({ kind: 'merged-into', predecessorId: d.id });
  });

  it('delivers a document sent to the old code into the successor’s queue, which registers it', async () => {
    const id = await sealedDocument('Công văn gửi xã A sau sáp nhập');
    const sent = expectStatus(
      await api.call('POST', `/api/v1/documents/${id}/dispatch`, {
        token: sender.users.clerk.token,
        json: { recipients: [{ code: a.code }] },
      }),
      200,
    ).body;
    expect(sent.recipients).toHaveLength(1);
    expect(sent.recipients[0]).toMatchObject({
      delivery: 'internal',
      organisationId: c.id,
      name: 'UBND xã C',
      status: 'delivered',
      routedFrom: { organisationId: a.id, name: 'UBND xã A', code: a.code, kind: 'merged-into' },
    });

    // In C's queue now: no worker and no sweep ran.
    const inbox = expectStatus(
      await api.call('GET', '/api/v1/documents?direction=incoming&status=01', { token: c.users.clerk.token }),
      200,
    ).body;
    const received = inbox.items.find((d: { sourceDocumentId: string }) => d.sourceDocumentId === id);
    expect(received?.organisationId).toBe(c.id);
    expect(received.id).toBe(sent.recipients[0].deliveredDocumentId);

    const registered = expectStatus(
      await api.call('POST', `/api/v1/documents/${received.id}/register`, {
        token: c.users.clerk.token,
        json: {},
      }),
      200,
    ).body;
    expect(registered.status).toBe('03');

    const detail = expectStatus(
      await api.call('GET', `/api/v1/documents/${received.id}`, { token: c.users.clerk.token }),
      200,
    ).body;
    const routed = detail.events.filter((e: { kind: string }) => e.kind === 'routed');
    expect(routed).toHaveLength(1);
    expect(routed[0].note).toContain('gửi UBND xã A → chuyển UBND xã C');
    expect(routed[0].note).toContain(`${a.code} → ${cCode}`);

    // Both organisations' audit chains record the routing; the sender's records where it was addressed.
    const trail = async (chain: string) =>
      (await h.kyso.dataSource.query(
        `SELECT action, entity_id AS "entityId", data FROM audit_entries WHERE chain_id = ${db === 'postgres' ? '$1' : '?'}`,
        [chain],
      )) as Array<{ action: string; entityId: string; data: string }>;
    for (const chain of [a.id, c.id]) {
      expect(
        (await trail(chain)).filter((e) => e.action === 'incoming.routed' && e.entityId === received.id),
      ).toHaveLength(1);
    }
    const dispatched = (await trail(sender.id)).find(
      (e) => e.action === 'outgoing.dispatched' && e.entityId === id,
    );
    expect(JSON.parse(dispatched!.data).recipients[0].routedFrom).toMatchObject({ organisationId: a.id });
  });

  it('refuses an unknown identification code with a field error, and stores nothing', async () => {
    const id = await sealedDocument('Công văn gửi mã không tồn tại');
    const refused = await api.call('POST', `/api/v1/documents/${id}/dispatch`, {
      token: sender.users.clerk.token,
      json: { recipients: [{ name: 'Công an xã' }, { code: '000.00.99.H98' }] },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('RECIPIENT_CODE_UNKNOWN');
    expect(refused.body.error.fields).toEqual([
      expect.objectContaining({
        field: 'recipients.1.code',
        messages: [expect.stringContaining('identification code')],
        messagesVi: [expect.stringContaining('mã định danh')],
      }),
    ]);
    const doc = expectStatus(
      await api.call('GET', `/api/v1/documents/${id}`, { token: sender.users.clerk.token }),
      200,
    ).body;
    expect(doc.status).not.toBe('dispatched');
    expect(doc.recipients).toEqual([]);
  });

  it('routes a recipient named by the ceased commune’s id as well; the successor’s clerk registers it', async () => {
    const id = await sealedDocument('Công văn đã gửi xã A');
    const sent = expectStatus(
      await api.call('POST', `/api/v1/documents/${id}/dispatch`, {
        token: sender.users.clerk.token,
        json: { recipients: [{ organisationId: a.id }] },
      }),
      200,
    ).body;
    expect(sent.recipients[0]).toMatchObject({ organisationId: c.id, routedFrom: { organisationId: a.id } });
    const registered = expectStatus(
      await api.call('POST', `/api/v1/documents/${sent.recipients[0].deliveredDocumentId}/register`, {
        token: c.users.clerk.token,
        json: {},
      }),
      200,
    ).body;
    expect(registered.organisationId).toBe(c.id);
  });
});
