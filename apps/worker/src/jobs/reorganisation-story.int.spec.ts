/**
 * The 2025 reorganisation, end to end on PostgreSQL with the real test TSA/OCSP: communes A (Tân Lập) and B (Hòa Bình)
 * register and sign documents, merge into C (Tân Hòa) from 2025-07-01, the augmentation job makes their signed PDFs
 * B-LTA, the CA revokes A's and B's certificates, and every old document still verifies — with the lineage note —
 * while a copy that was not augmented does not. Work in flight continues under C without renumbering.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@kyso/config';
import { openDatabase, rows, sqlWithLists } from '@kyso/database';
import {
  ArrivalRouter,
  createDomainServices,
  documentsEntities,
  type DomainServices,
  OrganisationHoldingsRepository,
} from '@kyso/documents';
import {
  type Actor,
  type Clock,
  describeSignerFromLineage,
  lineageEntities,
  LineageService,
  orgEntities,
  ReorganisationService,
  Role,
} from '@kyso/org';
import { InProcessQueue } from '@kyso/queue';
import { CrlClient, OcspClient, TsaClient } from '@kyso/cms';
import { SoftwareSigner, signPdf, type TrustServices } from '@kyso/signing';
import { LocalBlobStore } from '@kyso/storage';
import { issueCertificate, type IssuedCertificate, testPki } from '@kyso/test-pki';
import { TrustStore, validatePdf } from '@kyso/validation';
import { archiveAugmentationJob } from './archive-augmentation.job';
import { makePdf } from '../../../../test/support/pdf-fixtures';
import { testPostgresUrl } from '../../../../test/support/postgres';
import { pdfsig } from '../../../../test/support/verifiers';
import type { RunReport } from '@kyso/archive';

const TRUST = process.env.KYSO_TEST_TRUST_URL ?? 'http://127.0.0.1:39080';
const EFFECTIVE = '2025-07-01';

class StoryClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(iso: string): void {
    this.current = new Date(iso);
  }
}

interface Commune {
  id: string;
  code: string;
  admin: Actor;
  clerk: Actor;
  leader: Actor;
  officer: Actor;
  unitId: string;
  leaderCert?: IssuedCertificate;
  sealCert?: IssuedCertificate;
}

const actorOf = (u: {
  id: string;
  organisationId: string | null;
  unitId: string | null;
  roles: Role[];
}): Actor => ({ userId: u.id, organisationId: u.organisationId, unitId: u.unitId, roles: u.roles });

let dir: string;
let ds: DataSource;
let domain: DomainServices;
let clock: StoryClock;
let sysadmin: Actor;
let lineage: LineageService;
let reorg: ReorganisationService;
let holdings: OrganisationHoldingsRepository;
let trust: TrustServices;
const communes: Record<'A' | 'B' | 'C' | 'D', Commune> = {} as never;
const signedDocs: Array<{ id: string; commune: 'A' | 'B'; controlVersion: number }> = [];
let incomingForA: string;

async function makeCommune(
  key: 'A' | 'B' | 'C' | 'D',
  name: string,
  code: string,
  n: number,
): Promise<Commune> {
  const org = await domain.organisations.create(sysadmin, {
    name,
    shortName: 'UBND',
    code,
    validFrom: '2024-01-01',
  });
  const admin = actorOf(
    await domain.users.create(sysadmin, {
      organisationId: org.id,
      username: `admin-${key.toLowerCase()}`,
      fullName: 'Quản trị',
      password: 'password-1',
      roles: [Role.ADMIN],
    }),
  );
  const unit = await domain.units.create(admin, { name: 'Văn hóa - Xã hội', abbreviation: 'VX' });
  const mk = async (role: Role, fullName: string, unitId: string | null = null) =>
    actorOf(
      await domain.users.create(admin, {
        username: `${role}-${key.toLowerCase()}${n}`,
        fullName,
        password: 'password-1',
        roles: [role],
        unitId,
        title: role === Role.LEADER ? 'Chủ tịch' : null,
      }),
    );
  return {
    id: org.id,
    code,
    admin,
    clerk: await mk(Role.CLERK, `Văn thư ${key}`),
    leader: await mk(Role.LEADER, `Lãnh đạo ${key}`),
    officer: await mk(Role.OFFICER, `Chuyên viên ${key}`, unit.id),
    unitId: unit.id,
  };
}

/** Certificates minted for this run only (the shared test CA may revoke them without disturbing anyone else). */
function mintCertificates(c: Commune, place: string, orgName: string): void {
  c.leaderCert = issueCertificate({
    subject: [
      ['C', 'VN'],
      ['L', place],
      ['O', orgName],
      ['title', 'Chủ tịch UBND xã'],
      ['CN', `Chủ tịch ${orgName} ${Date.now()}`],
    ],
    profile: 'person',
  });
  c.sealCert = issueCertificate({
    subject: [
      ['C', 'VN'],
      ['L', place],
      ['O', orgName],
      ['organizationIdentifier', c.code],
      ['CN', orgName],
    ],
    profile: 'seal',
  });
}

/** Draft → review → leader signs (B-T) → number → seal (B-T) → dispatch, as Decree 30 orders it. */
async function issueSigned(
  c: Commune,
  when: string,
  subject: string,
  to: Commune,
): Promise<{ id: string; numberSymbol: string }> {
  clock.set(when);
  const draft = await domain.drafting.create(
    c.officer,
    { typeCode: 'quyet-dinh', subject },
    {
      bytes: await makePdf({
        title: subject
          .normalize('NFD')
          .replace(/[^\x20-\x7e]/g, '')
          .slice(0, 40),
      }),
      fileName: 'du-thao.pdf',
    },
  );
  await domain.drafting.submit(c.officer, draft.id);
  const leaderSigner = new SoftwareSigner(
    c.leaderCert!.privateKey,
    c.leaderCert!.certDer,
    c.leaderCert!.chainDer,
  );
  const draftBytes = (await domain.versions.open(c.leader, draft.id)).stream;
  const signed = await (
    await signPdf(await streamToBuffer(draftBytes), leaderSigner, trust, {
      level: 'B-T',
      appearance: { kind: 'leader', signerName: 'Chủ tịch', title: 'CHỦ TỊCH' },
    })
  ).toBuffer();
  await domain.versions.addVersion(c.leader, draft.id, { bytes: signed, fileName: 'da-ky.pdf' }, 'signed');
  await domain.drafting.sign(c.leader, draft.id);
  const issued = await domain.issuing.issue(c.clerk, draft.id);
  await domain.issuing.seal(c.clerk, draft.id);
  const sealSigner = new SoftwareSigner(c.sealCert!.privateKey, c.sealCert!.certDer, c.sealCert!.chainDer);
  const sealed = await (await signPdf(signed, sealSigner, trust, { level: 'B-T' })).toBuffer();
  await domain.versions.addVersion(
    c.clerk,
    draft.id,
    { bytes: sealed, fileName: `${issued.numberSymbol.replace(/\//g, '-')}.pdf` },
    'sealed',
  );
  await domain.dispatch.dispatch(c.clerk, draft.id, { recipients: [{ organisationId: to.id }] });
  return { id: draft.id, numberSymbol: issued.numberSymbol };
}

/** An unsigned letter from the province department to a commune (it arrives in the commune's queue, status 01). */
async function sendLetter(from: Commune, to: Commune, when: string, subject: string): Promise<string> {
  clock.set(when);
  const d = await domain.drafting.create(
    from.clerk,
    { typeCode: 'cong-van', subject, draftingUnitId: from.unitId },
    { bytes: await makePdf({ title: 'Cong van' }), fileName: 'cong-van.pdf' },
  );
  await domain.drafting.submit(from.clerk, d.id);
  await domain.drafting.sign(from.leader, d.id);
  await domain.issuing.issue(from.clerk, d.id);
  await domain.issuing.seal(from.clerk, d.id);
  const sent = await domain.dispatch.dispatch(from.clerk, d.id, { recipients: [{ organisationId: to.id }] });
  return sent.recipients[0].deliveredDocumentId!;
}

async function streamToBuffer(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

async function fileVersion(
  documentId: string,
  version?: number,
): Promise<{ bytes: Buffer; version: number; kind: string }> {
  const q = sqlWithLists(ds.manager);
  const files = await rows<{ version: number | string; blob_key: string; kind: string }>(
    ds.manager,
    q`SELECT version, blob_key, kind FROM document_files WHERE document_id = ${documentId} ORDER BY version`,
  );
  const f = version ? files.find((x) => Number(x.version) === version)! : files[files.length - 1];
  return {
    bytes: await new LocalBlobStore(join(dir, 'blobs')).get(f.blob_key),
    version: Number(f.version),
    kind: f.kind,
  };
}

/** Revokes from the current whole second on (the responder answers in whole seconds: a later ms would read "good"). */
async function revoke(serialHex: string): Promise<void> {
  await new Promise((r) => setTimeout(r, 1_000 - (Date.now() % 1_000)));
  const revokedAt = new Date(Math.floor(Date.now() / 1_000) * 1_000).toISOString();
  const res = await fetch(`${TRUST}/admin/revoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ serialHex, revokedAt }),
  });
  expect(res.ok, await res.text()).toBe(true);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kyso-reorg-'));
  const config = loadConfig({
    DATABASE_URL: await testPostgresUrl('reorg_story'),
    KYSO_DATA_DIR: dir,
    KYSO_TSA_URL: `${TRUST}/tsa`,
    KYSO_LOG_LEVEL: 'silent',
  });
  ds = await openDatabase(config.database, {
    entities: [...orgEntities, ...documentsEntities, ...lineageEntities],
  });
  clock = new StoryClock(new Date('2024-10-01T02:00:00Z'));
  const blobStore = new LocalBlobStore(join(dir, 'blobs'));
  domain = createDomainServices({ dataSource: ds, blobStore, clock });
  sysadmin = actorOf((await domain.users.bootstrapAdmin({ username: 'root', password: 'root-password' }))!);
  holdings = new OrganisationHoldingsRepository();
  lineage = new LineageService(ds, clock, domain.audit, holdings);
  reorg = new ReorganisationService(ds, clock, domain.audit, holdings);
  trust = {
    tsa: new TsaClient({ url: `${TRUST}/tsa` }),
    ocsp: new OcspClient(),
    crl: new CrlClient(),
    now: () => new Date(),
  };

  communes.A = await makeCommune('A', 'UBND xã Tân Lập', '000.00.31.H41', 1);
  communes.B = await makeCommune('B', 'UBND xã Hòa Bình', '000.00.32.H41', 2);
  communes.C = await makeCommune('C', 'UBND xã Tân Hòa', '000.00.35.H41', 3);
  communes.D = await makeCommune('D', 'Sở Nội vụ tỉnh Thử', '000.21.00.H41', 4);
  mintCertificates(communes.A, 'Xã Tân Lập', 'UBND xã Tân Lập');
  mintCertificates(communes.B, 'Xã Hòa Bình', 'UBND xã Hòa Bình');
  mintCertificates(communes.C, 'Xã Tân Hòa', 'UBND xã Tân Hòa');

  // 2024–2025: A and B sign and dispatch; C issues its first decision of 2025; the province writes to A.
  for (const [key, when, subject] of [
    ['A', '2024-11-05T02:00:00Z', 'Quyết định phê duyệt kế hoạch phòng chống lụt bão năm 2025'],
    ['A', '2025-03-12T02:00:00Z', 'Quyết định thành lập tổ công tác chuyển đổi số'],
    ['B', '2025-05-20T02:00:00Z', 'Quyết định công nhận thôn văn hóa năm 2024'],
  ] as const) {
    const doc = await issueSigned(communes[key], when, subject, communes.D);
    signedDocs.push({ id: doc.id, commune: key, controlVersion: (await fileVersion(doc.id)).version });
  }
  await issueSigned(communes.C, '2025-04-02T02:00:00Z', 'Quyết định ban hành quy chế làm việc', communes.D);

  incomingForA = await sendLetter(
    communes.D,
    communes.A,
    '2025-06-10T02:00:00Z',
    'Về việc báo cáo tình hình sắp xếp đơn vị hành chính',
  );
  await domain.incoming.registerArrived(communes.A.clerk, incomingForA);
  await domain.assignments.assign(communes.A.leader, incomingForA, {
    lead: { unitId: communes.A.unitId },
    instruction: 'Giao VX chủ trì báo cáo',
    deadline: '2025-07-15',
  });
}, 180_000);

afterAll(async () => {
  await ds?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('reorganisation without interruption', () => {
  let eventId: string;
  let report: RunReport;

  it('records the merger of A and B into C from 2025-07-01, and refuses a second event on A', async () => {
    clock.set('2025-06-20T03:00:00Z');
    const event = await lineage.recordMerge(sysadmin, {
      from: ['000.00.31.H41', '000.00.32.H41'],
      into: '000.00.35.H41',
      effectiveDate: EFFECTIVE,
      decision: 'Nghị quyết 1656/NQ-UBTVQH15',
    });
    eventId = event.id;
    expect(event.status).toBe('recorded');
    await expect(
      lineage.recordRename(sysadmin, {
        organisation: communes.A.id,
        name: 'UBND xã Tân Lập Mới',
        effectiveDate: '2025-09-01',
      }),
    ).rejects.toMatchObject({ code: 'LINEAGE_ORGANISATION_DISSOLVED' });
    expect((await lineage.successors('000.00.31.H41', '2025-06-30')).map((s) => s.organisation.id)).toEqual([
      communes.A.id,
    ]);
    expect((await lineage.successors('000.00.31.H41', EFFECTIVE)).map((s) => s.organisation.id)).toEqual([
      communes.C.id,
    ]);
    expect((await lineage.codeHistory('000.00.32.H41'))[0].period.validTo).toBe('2025-06-30');
  });

  it('augments every signed PDF of A and B to B-LTA through the worker queue, with a final report', async () => {
    const logger = pino({ level: 'silent' });
    const queue = new InProcessQueue();
    const config = loadConfig({
      DATABASE_URL: 'sqlite::memory:',
      KYSO_DATA_DIR: dir,
      KYSO_TSA_URL: `${TRUST}/tsa`,
    });
    const { createWorkerContext } = await import('../worker-context');
    const ctx = await createWorkerContext({
      config,
      dataSource: ds,
      blobStore: new LocalBlobStore(join(dir, 'blobs')),
      queue,
      logger,
    });
    queue.work(archiveAugmentationJob.name, archiveAugmentationJob.create(ctx), { concurrency: 1 });
    const { archiveServices } = await import('./archive-context');
    const run = await archiveServices(ctx).augmentation!.startRunForEvent(eventId);
    await queue.enqueue(archiveAugmentationJob.name, { runId: run.id }, { jobId: run.id });
    await queue.drained();
    const status = await queue.status<RunReport>(archiveAugmentationJob.name, run.id);
    expect(status?.state, status?.error).toBe('completed');
    report = status!.result!;
    // A's two decisions and B's one are augmented; the province's unsigned letter to A has nothing to protect.
    expect(report.counts).toMatchObject({ total: 4, augmented: 3, skipped: 1, failed: 0, pending: 0 });
    expect(report.failures).toEqual([]);

    // Running again finds them already fine: nothing is augmented twice.
    const again = await archiveServices(ctx).augmentation!.startRunForEvent(eventId);
    const second = await archiveServices(ctx).augmentation!.run(again.id);
    expect(second.counts).toMatchObject({ augmented: 0, fine: 3, skipped: 1 });
    await queue.close();
  });

  it('moves work in flight to C on the effective date, after a dry run the administrator confirms', async () => {
    clock.set('2025-06-28T03:00:00Z');
    await expect(reorg.apply(sysadmin, eventId, {})).rejects.toMatchObject({
      code: 'LINEAGE_NOT_YET_EFFECTIVE',
    });
    clock.set('2025-07-01T01:30:00Z');
    const plan = await reorg.plan(sysadmin, eventId);
    expect(plan.problems).toEqual([]);
    expect(plan.ceasing.map((o) => o.code).sort()).toEqual(['000.00.31.H41', '000.00.32.H41']);
    expect(plan.registers.filter((r) => !r.alreadyClosed).length).toBeGreaterThanOrEqual(3);
    expect(plan.documents.map((d) => d.documentId)).toEqual([incomingForA]);
    expect(plan.assignments).toHaveLength(1);
    expect(plan.assignments[0]).toMatchObject({
      targetOrganisationId: communes.C.id,
      targetUnitId: communes.C.unitId,
      deadline: '2025-07-15',
    });
    expect(plan.users.every((u) => u.action === 'move' && u.targetOrganisationId === communes.C.id)).toBe(
      true,
    );
    expect(plan.signedDocuments).toBe(4);

    // A plan confirmed, then changed behind the administrator's back, is refused.
    await expect(reorg.apply(sysadmin, eventId, {}, 'f'.repeat(64))).rejects.toMatchObject({
      code: 'LINEAGE_PLAN_CHANGED',
    });
    const applied = await reorg.apply(sysadmin, eventId, {}, plan.planHash);
    expect(applied.counts).toMatchObject({
      documentsMoved: 1,
      assignmentsMoved: 1,
      usersMoved: 8,
      unitsClosed: 2,
    });
    await expect(reorg.apply(sysadmin, eventId, {}, plan.planHash)).rejects.toMatchObject({
      code: 'LINEAGE_EVENT_NOT_PENDING',
    });
  });

  it('keeps every signature of A and B verifiable after their certificates are revoked, with the lineage note', async () => {
    for (const c of [communes.A, communes.B]) {
      for (const cert of [c.leaderCert!, c.sealCert!]) {
        await revoke(cert.serialHex);
        const status = await new OcspClient({ cache: false }).check({
          certificateDer: cert.certDer,
          issuerDer: cert.chainDer[0],
        });
        expect(status.status).toBe('revoked');
      }
    }
    const graph = await lineage.load();
    const options = {
      trustAnchors: TrustStore.fromCertificates([testPki().root.certDer]),
      describeSigner: describeSignerFromLineage(graph),
    };
    for (const doc of signedDocs) {
      const current = await fileVersion(doc.id);
      expect(current.version).toBe(doc.controlVersion + 1);
      for (const offline of [false, true]) {
        const result = await validatePdf(current.bytes, { ...options, offline });
        const summary = result.signatures
          .map(
            (s) => `${s.kind} ${s.indication}/${s.subIndication} ${s.findings.map((f) => f.code).join(',')}`,
          )
          .join('\n');
        expect(result.verdict, `${doc.commune} offline=${offline}\n${summary}`).toBe('TOTAL_PASSED');
        const signatures = result.signatures.filter((s) => s.kind === 'signature');
        expect(signatures).toHaveLength(2);
        const merged =
          doc.commune === 'A'
            ? 'UBND xã Tân Lập (000.00.31.H41), sáp nhập vào UBND xã Tân Hòa (000.00.35.H41) từ 2025-07-01'
            : 'UBND xã Hòa Bình (000.00.32.H41), sáp nhập vào UBND xã Tân Hòa';
        for (const s of signatures) expect(s.signer?.note).toContain(merged);
        expect(result.signatures[result.signatures.length - 1].kind).toBe('document-timestamp');
      }
      // Independent judge: poppler finds both signatures intact over their byte ranges (its certificate line depends
      // on whether NSS reached the responder; it cannot validate document timestamps).
      const file = join(dir, `${doc.id}.pdf`);
      writeFileSync(file, current.bytes);
      const sig = pdfsig(file);
      const signatures = sig.entries.filter((e) => e.subFilter === 'ETSI.CAdES.detached');
      expect(
        signatures.map((e) => e.signatureValid),
        sig.text,
      ).toEqual([true, true]);
    }
  });

  it('does not pass a copy that was not augmented, once the revocation service no longer vouches for it', async () => {
    const control = await fileVersion(signedDocs[0].id, signedDocs[0].controlVersion);
    expect(control.kind).toBe('sealed');
    const result = await validatePdf(control.bytes, {
      trustAnchors: TrustStore.fromCertificates([testPki().root.certDer]),
      offline: true,
    });
    expect(result.verdict).not.toBe('TOTAL_PASSED');
    expect(result.signatures.some((s) => s.indication === 'INDETERMINATE')).toBe(true);
  });

  it('continues C’s outgoing numbering in C’s own series, while A’s registers stay closed with their numbers', async () => {
    clock.set('2025-07-08T02:00:00Z');
    const next = await issueSigned(
      communes.C,
      '2025-07-08T02:00:00Z',
      'Quyết định kiện toàn bộ phận một cửa sau sắp xếp',
      communes.D,
    );
    expect(next.numberSymbol).toBe('02/QĐ-UBND');
    const q = sqlWithLists(ds.manager);
    const closed = await rows<{
      closed_at: string | null;
      next_number: number | string;
      year: number | string;
    }>(
      ds.manager,
      q`SELECT closed_at, next_number, year FROM registers WHERE organisation_id = ${communes.A.id} AND kind = ${'outgoing'} ORDER BY year`,
    );
    expect(closed.map((r) => [Number(r.year), Number(r.next_number) - 1, r.closed_at !== null])).toEqual([
      [2024, 1, true],
      [2025, 1, true],
    ]);
  });

  it('gives A’s open assignment to C’s unit with its number, deadline and history intact', async () => {
    const moved = await domain.queries.get(communes.C.clerk, incomingForA);
    expect(moved.organisationId).toBe(communes.C.id);
    expect(moved.registerNumber).toBe(1);
    expect(moved.status).toBe('04');
    expect(moved.assignments[0]).toMatchObject({
      unitId: communes.C.unitId,
      deadline: '2025-07-15',
      status: 'assigned',
    });
    expect(moved.events.map((e) => e.kind)).toEqual(['assigned', 'reorganised']);
    expect(moved.events[1].note).toMatch(
      /UBND xã Tân Lập \(000.00.31.H41\) sang UBND xã Tân Hòa \(000.00.35.H41\)/,
    );
    // A's former officer now works in C's unit and sees the assignment among C's.
    const formerOfficer = { ...communes.A.officer, organisationId: communes.C.id, unitId: communes.C.unitId };
    const mine = await domain.assignments.list(formerOfficer, { mine: true });
    expect(mine.map((a) => a.documentId)).toContain(incomingForA);
    const progressed = await domain.assignments.progress(communes.C.officer, moved.assignments[0].id, {
      note: 'Đã tổng hợp số liệu',
      percent: 50,
    });
    expect(progressed.document.status).toBe('05');
  });

  it('routes a document addressed to A after the merger into C’s queue, with a trace', async () => {
    clock.set('2025-07-10T02:00:00Z');
    expect((await lineage.resolveAddressee('000.00.31.H41'))?.holders[0].organisation.id).toBe(communes.C.id);
    const letter = await sendLetter(
      communes.D,
      communes.A,
      '2025-07-10T02:00:00Z',
      'Về việc bàn giao hồ sơ lưu trữ',
    );
    // Routed on delivery, in the dispatching transaction: the sweep, a safety net, finds nothing left to move.
    const router = new ArrivalRouter(ds, clock, domain.audit, lineage, holdings);
    const routed = await router.routeStranded();
    expect(routed.map((r) => r.documentId)).not.toContain(letter);
    const arrived = await domain.queries.get(communes.C.clerk, letter);
    expect(arrived.status).toBe('01');
    expect(arrived.events.map((e) => e.kind)).toContain('routed');
    expect(arrived.events.find((e) => e.kind === 'routed')!.note).toMatch(
      /000\.00\.31\.H41.*sáp nhập từ 2025-07-01.*Tân Hòa/,
    );
    const registered = await domain.incoming.registerArrived(communes.C.clerk, letter);
    expect(registered.registerNumber).toBeGreaterThanOrEqual(1);
  });

  it('lets C’s members read A’s and B’s documents, which keep their original issuer', async () => {
    const visible = await lineage.organisationsVisibleTo(communes.C.id, '2025-07-10');
    expect(visible.sort()).toEqual([communes.A.id, communes.B.id, communes.C.id].sort());
    const q = sqlWithLists(ds.manager);
    const found = await rows<{ id: string; organisation_id: string }>(
      ds.manager,
      q`SELECT id, organisation_id FROM documents WHERE organisation_id IN ${visible} AND direction = ${'outgoing'} AND status = ${'dispatched'}`,
    );
    for (const doc of signedDocs)
      expect(found.find((d) => d.id === doc.id)?.organisation_id).toBe(
        doc.commune === 'A' ? communes.A.id : communes.B.id,
      );
  });
});
