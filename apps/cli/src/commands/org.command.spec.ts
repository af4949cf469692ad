import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@kyso/config';
import { openDatabase } from '@kyso/database';
import { createDomainServices, documentsEntities } from '@kyso/documents';
import { type Actor, lineageEntities, orgEntities, Role } from '@kyso/org';
import { LocalBlobStore } from '@kyso/storage';
import { EXIT } from '../cli-error';
import { type CliIo, runCli } from '../program';
import { registerOrg } from './org.command';

let dir: string;
let env: Record<string, string>;

async function kyso(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), env };
  const code = await runCli(args, [registerOrg], io);
  return { code, out: out.join(''), err: err.join('') };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kyso-cli-org-'));
  env = { DATABASE_URL: `sqlite:${join(dir, 'kyso.sqlite')}`, KYSO_DATA_DIR: dir };
  const ds = await openDatabase(loadConfig(env).database, {
    entities: [...orgEntities, ...documentsEntities, ...lineageEntities],
  });
  const domain = createDomainServices({
    dataSource: ds,
    blobStore: new LocalBlobStore(join(dir, 'blobs')),
    clock: { now: () => new Date('2025-05-01T02:00:00Z') },
  });
  const root = (await domain.users.bootstrapAdmin({ username: 'root', password: 'root-password' }))!;
  const sysadmin: Actor = { userId: root.id, organisationId: null, unitId: null, roles: [Role.ADMIN] };
  for (const [name, code] of [
    ['UBND xã Tân Lập', '000.00.31.H41'],
    ['UBND xã Hòa Bình', '000.00.32.H41'],
    ['UBND xã Tân Hòa', '000.00.35.H41'],
  ]) {
    const org = await domain.organisations.create(sysadmin, {
      name,
      shortName: 'UBND',
      code,
      validFrom: '2024-01-01',
    });
    const admin = await domain.users.create(sysadmin, {
      organisationId: org.id,
      username: `admin-${code.split('.')[2]}`,
      fullName: 'Quản trị',
      password: 'password-1',
      roles: [Role.ADMIN],
    });
    await domain.units.create(
      { userId: admin.id, organisationId: org.id, unitId: null, roles: [Role.ADMIN] },
      { name: 'Văn hóa - Xã hội', abbreviation: 'VX' },
    );
  }
  await ds.destroy();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kyso org', () => {
  let eventId: string;

  it('records a merger by identification codes', async () => {
    const r = await kyso(
      'org',
      'merge',
      '--into',
      '000.00.35.H41',
      '--from',
      '000.00.31.H41',
      '--from',
      '000.00.32.H41',
      '--effective',
      '2025-07-01',
      '--decision',
      'Nghị quyết 1656/NQ-UBTVQH15',
      '--json',
    );
    expect(r.code, r.err).toBe(EXIT.OK);
    const event = JSON.parse(r.out);
    expect(event).toMatchObject({
      kind: 'merge',
      effectiveDate: '2025-07-01',
      status: 'recorded',
      decision: 'Nghị quyết 1656/NQ-UBTVQH15',
    });
    eventId = event.id;
  });

  it('answers successors, predecessors and the history of a code', async () => {
    expect((await kyso('org', 'successors', '000.00.31.H41', '--at', '2025-06-30')).out).toMatch(
      /^UBND xã Tân Lập \(000.00.31.H41\)/,
    );
    const after = await kyso('org', 'successors', '000.00.31.H41', '--at', '2025-07-01');
    expect(after.out).toMatch(/^UBND xã Tân Hòa \(000.00.35.H41\) .*\[merged-into 2025-07-01\]/);
    const preds = await kyso('org', 'predecessors', '000.00.35.H41');
    expect(preds.out.split('\n').filter(Boolean).sort()).toEqual([
      'UBND xã Hòa Bình (000.00.32.H41)  merged-into 2025-07-01',
      'UBND xã Tân Lập (000.00.31.H41)  merged-into 2025-07-01',
    ]);
    expect((await kyso('org', 'code-history', '000.00.32.H41')).out).toBe(
      '2024-01-01 … 2025-06-30  UBND xã Hòa Bình  → nay / today: UBND xã Tân Hòa (000.00.35.H41)\n',
    );
  });

  it('refuses an event on a commune that has ceased, in one Vietnamese line with a failure exit code', async () => {
    const r = await kyso(
      'org',
      'rename',
      '000.00.31.H41',
      '--name',
      'UBND xã Tân Lập Mới',
      '--effective',
      '2025-09-01',
    );
    expect(r.code).toBe(EXIT.FAILED);
    expect(r.err).toMatch(/^kyso: LINEAGE_ORGANISATION_DISSOLVED: Cơ quan, tổ chức đã chấm dứt hoạt động/);
  });

  it('approves the dry run ahead, for 00:00 Vietnam time on the effective date', async () => {
    const plan = await kyso('org', 'plan', eventId);
    const hash = /plan hash: ([0-9a-f]{64})/.exec(plan.out)![1];
    expect((await kyso('org', 'approve', eventId, '--confirm', '0'.repeat(64))).err).toMatch(
      /LINEAGE_PLAN_CHANGED/,
    );
    const early = await kyso(
      'org',
      'approve',
      eventId,
      '--confirm',
      hash,
      '--at',
      '2025-06-30T23:00:00+07:00',
    );
    expect(early.code).toBe(EXIT.USAGE);
    expect(early.err).toMatch(/LINEAGE_APPLY_AT_TOO_EARLY/);
    const approved = await kyso('org', 'approve', eventId, '--confirm', hash);
    expect(approved.code, approved.err).toBe(EXIT.OK);
    expect(approved.out).toBe(
      `đã phê duyệt / approved: merge ${eventId}, tự thực hiện lúc / applies by itself at 2025-06-30T17:00:00.000Z (giờ Việt Nam / Vietnam time: 2025-07-01T00:00:00+07:00)\n`,
    );
    expect((await kyso('org', 'events', '--status', 'approved')).out).toContain(eventId);
  });

  it('applies the continuity only with the hash of the dry run', async () => {
    const plan = await kyso('org', 'plan', eventId);
    expect(plan.code, plan.err).toBe(EXIT.OK);
    expect(plan.out).toContain(
      'chấm dứt / ceasing: UBND xã Tân Lập (000.00.31.H41), UBND xã Hòa Bình (000.00.32.H41)',
    );
    const hash = /plan hash: ([0-9a-f]{64})/.exec(plan.out)![1];
    expect((await kyso('org', 'apply', eventId, '--confirm', '0'.repeat(64))).err).toMatch(
      /LINEAGE_PLAN_CHANGED/,
    );
    const applied = await kyso('org', 'apply', eventId, '--confirm', hash);
    expect(applied.code, applied.err).toBe(EXIT.OK);
    expect(applied.out).toMatch(
      /2 người dùng chuyển \/ users moved, 0 khóa \/ deactivated, 2 đơn vị đóng \/ units closed/,
    );
    expect((await kyso('org', 'events', '--status', 'applied')).out).toContain(eventId);
  });
});
