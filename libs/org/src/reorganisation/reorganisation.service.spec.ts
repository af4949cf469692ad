/**
 * Continuity through a split, renames, code changes and unit transfers, on SQLite (the story test covers a merger on
 * PostgreSQL). The documents side comes from libs/documents' real services.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@kyso/config';
import { openDatabase } from '@kyso/database';
import {
  ArrivalRouter,
  createDomainServices,
  documentsEntities,
  type DomainServices,
  OrganisationHoldingsRepository,
} from '@kyso/documents';
import { LocalBlobStore } from '@kyso/storage';
import { type Actor } from '../access/actor';
import { Role } from '../access/role';
import type { Clock } from '../clock';
import { lineageEntities } from '../lineage/lineage-entities';
import { LineageService } from '../lineage/lineage.service';
import { Organisation } from '../organisations/organisation.entity';
import { orgEntities } from '../index';
import { OrgUnit } from '../units/unit.entity';
import { User } from '../users/user.entity';
import { ReorganisationService } from './reorganisation.service';

const pdf = (marker: string) =>
  Buffer.from(
    `%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n% ${marker}\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`,
    'latin1',
  );
const actorOf = (u: {
  id: string;
  organisationId: string | null;
  unitId: string | null;
  roles: Role[];
}): Actor => ({ userId: u.id, organisationId: u.organisationId, unitId: u.unitId, roles: u.roles });

let dir: string;
let ds: DataSource;
let domain: DomainServices;
let lineage: LineageService;
let reorg: ReorganisationService;
let holdings: OrganisationHoldingsRepository;
let sysadmin: Actor;
let now = new Date('2025-03-01T02:00:00Z');
const clock: Clock = { now: () => new Date(now) };

async function org(name: string, code: string, units: string[]) {
  const o = await domain.organisations.create(sysadmin, {
    name,
    shortName: 'UBND',
    code,
    validFrom: '2024-01-01',
  });
  const tag = code.split('.')[2];
  const admin = actorOf(
    await domain.users.create(sysadmin, {
      organisationId: o.id,
      username: `admin${tag}`,
      fullName: 'Quản trị',
      password: 'password-1',
      roles: [Role.ADMIN],
    }),
  );
  const unitIds: Record<string, string> = {};
  for (const abbreviation of units)
    unitIds[abbreviation] = (
      await domain.units.create(admin, { name: `Phòng ${abbreviation}`, abbreviation })
    ).id;
  const user = async (role: Role, unit?: string) =>
    actorOf(
      await domain.users.create(admin, {
        username: `${role}${tag}${unit ?? ''}`.toLowerCase(),
        fullName: `${role} ${name}`,
        password: 'password-1',
        roles: [role],
        unitId: unit ? unitIds[unit] : null,
      }),
    );
  return {
    id: o.id,
    code,
    admin,
    units: unitIds,
    clerk: await user(Role.CLERK),
    leader: await user(Role.LEADER),
    officer: await user(Role.OFFICER, units[0]),
    user,
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kyso-continuity-'));
  ds = await openDatabase(
    loadConfig({ DATABASE_URL: `sqlite:${join(dir, 'kyso.sqlite')}`, KYSO_DATA_DIR: dir }).database,
    { entities: [...orgEntities, ...documentsEntities, ...lineageEntities] },
  );
  domain = createDomainServices({ dataSource: ds, blobStore: new LocalBlobStore(join(dir, 'blobs')), clock });
  sysadmin = actorOf((await domain.users.bootstrapAdmin({ username: 'root', password: 'root-password' }))!);
  holdings = new OrganisationHoldingsRepository();
  lineage = new LineageService(ds, clock, domain.audit, holdings);
  reorg = new ReorganisationService(ds, clock, domain.audit, holdings);
});

afterAll(async () => {
  await ds?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('split of a commune', () => {
  it('plans, refuses an incomplete mapping, then carries the work to the successor of each unit', async () => {
    const a = await org('UBND xã Đông Tây', '000.00.51.H41', ['VX', 'TP', 'KT']);
    const east = await org('UBND xã Đông', '000.00.52.H41', ['VX']);
    const west = await org('UBND xã Tây', '000.00.53.H41', ['TP', 'DC']);
    const economist = await a.user(Role.OFFICER, 'KT');

    // Work in flight at A: an item led by TP, one registered but not assigned, a draft, a signed letter not sent.
    const tpItem = await domain.incoming.register(
      a.clerk,
      {
        typeCode: 'cong-van',
        subject: 'Hồ sơ hộ tịch',
        senderName: 'Sở Tư pháp',
        numberSymbol: '10/STP-HCTP',
      },
      { bytes: pdf('1'), fileName: 'a.pdf' },
    );
    await domain.assignments.assign(a.leader, tpItem.id, {
      lead: { unitId: a.units.TP },
      coordinators: [{ unitId: a.units.VX }],
      deadline: '2025-07-20',
    });
    const waiting = await domain.incoming.register(
      a.clerk,
      { typeCode: 'cong-van', subject: 'Lịch tiếp dân', senderName: 'UBND tỉnh' },
      { bytes: pdf('2'), fileName: 'b.pdf' },
    );
    const draft = await domain.drafting.create(
      a.officer,
      { typeCode: 'cong-van', subject: 'Báo cáo văn hóa' },
      { bytes: pdf('3'), fileName: 'c.pdf' },
    );
    const signedLetter = await domain.drafting.create(
      a.officer,
      { typeCode: 'cong-van', subject: 'Công văn đã ký' },
      { bytes: pdf('4'), fileName: 'd.pdf' },
    );
    await domain.drafting.submit(a.officer, signedLetter.id);
    await domain.drafting.sign(a.leader, signedLetter.id);

    const event = await lineage.recordSplit(sysadmin, {
      from: a.code,
      into: [east.code, west.code],
      primary: east.code,
      effectiveDate: '2025-07-01',
    });
    now = new Date('2025-07-01T01:00:00Z');

    const first = await reorg.plan(sysadmin, event.id);
    expect(first.problems.join('\n')).toMatch(/unit KT .* has open work or users and no successor unit/);
    // The coordinating VX goes with its document to Tây, which has no VX: someone there must take it.
    const coordinating = first.assignments.find((x) => x.role === 'coordinate')!;
    expect(first.problems.join('\n')).toContain(
      `assignment ${coordinating.id} (coordinate, unit VX) needs a unit of UBND xã Tây`,
    );
    await expect(reorg.apply(sysadmin, event.id, {})).rejects.toMatchObject({
      code: 'LINEAGE_MAPPING_INCOMPLETE',
    });

    const decisions = {
      units: { [a.units.KT]: west.units.DC },
      users: { [a.leader.userId]: { action: 'deactivate' as const } },
      assignments: { [coordinating.id]: west.units.DC },
    };
    const plan = await reorg.plan(sysadmin, event.id, decisions);
    expect(plan.problems).toEqual([]);
    const target = (id: string) => plan.documents.find((d) => d.documentId === id)?.targetOrganisationId;
    expect(target(tpItem.id)).toBe(west.id);
    expect(target(waiting.id)).toBe(east.id);
    expect(target(draft.id)).toBe(east.id);
    expect(plan.attention.map((x) => x.documentId)).toEqual([signedLetter.id]);
    expect(plan.assignments.map((x) => [x.role, x.targetOrganisationId, x.targetUnitId]).sort()).toEqual(
      [
        ['coordinate', west.id, west.units.DC],
        ['lead', west.id, west.units.TP],
      ].sort(),
    );
    const result = await reorg.apply(sysadmin, event.id, decisions, plan.planHash);
    expect(result.counts.documentsMoved).toBe(3);

    const moved = await ds.query(
      `SELECT id, organisation_id, register_id, register_number FROM documents WHERE id IN (?, ?, ?)`,
      [tpItem.id, waiting.id, draft.id],
    );
    const home = Object.fromEntries(
      moved.map((d: { id: string; organisation_id: string }) => [d.id, d.organisation_id]),
    );
    expect(home).toEqual({ [tpItem.id]: west.id, [waiting.id]: east.id, [draft.id]: east.id });
    expect(moved.find((d: { id: string }) => d.id === tpItem.id).register_number).toBe(1);
    expect(moved.find((d: { id: string }) => d.id === draft.id).register_id).toBeNull();
    const users = await ds
      .getRepository(User)
      .find({ where: [{ id: a.leader.userId }, { id: economist.userId }, { id: a.officer.userId }] });
    const byId = Object.fromEntries(users.map((u) => [u.id, u]));
    expect(byId[a.leader.userId].active).toBe(false);
    expect([byId[economist.userId].organisationId, byId[economist.userId].unitId]).toEqual([
      west.id,
      west.units.DC,
    ]);
    expect([byId[a.officer.userId].organisationId, byId[a.officer.userId].unitId]).toEqual([
      east.id,
      east.units.VX,
    ]);
    expect(
      (await ds.getRepository(OrgUnit).find({ where: { organisationId: a.id } })).every((u) => !u.active),
    ).toBe(true);
    expect(
      (
        await ds.query(
          `SELECT COUNT(*) AS n FROM registers WHERE organisation_id = ? AND closed_at IS NULL`,
          [a.id],
        )
      )[0].n,
    ).toBe(0);

    // Items still addressed to the old commune go to the primary successor.
    now = new Date('2025-07-05T01:00:00Z');
    const resolution = await lineage.resolveAddressee(a.code);
    expect(resolution?.holders.map((h) => h.organisation.id)).toEqual([east.id, west.id]);
    await ds.query(
      `INSERT INTO documents (id, organisation_id, direction, status, type_code, subject, urgency, secrecy, search_text, arrived_at, created_at, updated_at)
       VALUES ('00000000-0000-4000-8000-000000000001', ?, 'incoming', '01', 'cong-van', 'Thư gửi muộn', 'normal', 'none', '', ?, ?, ?)`,
      [a.id, now.toISOString(), now.toISOString(), now.toISOString()],
    );
    const routed = await new ArrivalRouter(ds, clock, domain.audit, lineage, holdings).routeStranded();
    expect(routed.map((r) => [r.to.id, r.reason.kind])).toEqual([[east.id, 'split-into']]);
    const note = await ds.query(
      `SELECT note FROM processing_events WHERE document_id = '00000000-0000-4000-8000-000000000001' AND kind = 'routed'`,
    );
    expect(note[0].note).toMatch(/→ chuyển UBND xã Đông \(.*đơn vị đã chia tách từ 2025-07-01\)/);
  });
});

describe('renames, code changes and unit transfers', () => {
  it('keep every historical code resolvable and take effect on their date', async () => {
    now = new Date('2025-08-01T02:00:00Z');
    const o = await org('UBND xã Phú Mỹ', '000.00.61.H41', ['VX', 'TC']);
    const other = await org('UBND xã Phú Lợi', '000.00.62.H41', ['VX']);
    await lineage.recordCodeChange(sysadmin, {
      organisation: o.code,
      code: '000.00.70.H41',
      effectiveDate: '2025-08-01',
    });
    await lineage.recordRename(sysadmin, {
      organisation: o.id,
      name: 'UBND phường Phú Mỹ',
      effectiveDate: '2025-09-01',
    });
    let row = await ds.getRepository(Organisation).findOneByOrFail({ id: o.id });
    expect([row.code, row.name]).toEqual(['000.00.70.H41', 'UBND xã Phú Mỹ']);
    await expect(
      lineage.recordCodeChange(sysadmin, {
        organisation: other.id,
        code: '000.00.61.H41',
        effectiveDate: '2025-10-01',
      }),
    ).rejects.toMatchObject({ code: 'LINEAGE_CODE_TAKEN' });

    now = new Date('2025-09-02T02:00:00Z');
    expect((await lineage.applyDueChanges()).map((e) => e.kind)).toEqual(['rename']);
    row = await ds.getRepository(Organisation).findOneByOrFail({ id: o.id });
    expect(row.name).toBe('UBND phường Phú Mỹ');
    const old = await lineage.resolveAddressee('000.00.61.H41');
    expect(old?.holders.map((h) => h.organisation.id)).toEqual([o.id]);
    expect(old?.redirected).toBe(false);
    expect(
      (await lineage.codeHistory('000.00.61.H41')).map((h) => [h.period.name, h.period.validTo]),
    ).toEqual([['UBND xã Phú Mỹ', '2025-07-31']]);

    const transfer = await lineage.recordUnitTransfer(sysadmin, {
      unitId: o.units.TC,
      to: other.code,
      effectiveDate: '2025-09-02',
    });
    expect(transfer.status).toBe('applied');
    const unit = await ds.getRepository(OrgUnit).findOneByOrFail({ id: o.units.TC });
    expect(unit.organisationId).toBe(other.id);
    // Succession is untouched: both organisations continue.
    expect((await lineage.successors(o.id, '2025-10-01')).map((s) => s.organisation.id)).toEqual([o.id]);
  });
});
