/**
 * The embedded mode with nothing else running: a merger approved on D−1 applies itself at D 00:00 Vietnam time,
 * through the one scheduler and the scheduled jobs the API runs, over the real SQLite database and a fake clock.
 * The archives of the ceased communes are augmented right after. A plan whose work changed since approval is
 * re-planned and applied with its differences recorded; one that no longer applies is held, with an audit entry.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ArchiveRun, AugmentationService } from '@kyso/archive';
import { ArrivalRouter, OrganisationHoldingsRepository } from '@kyso/documents';
import {
  LineageService,
  ReorganisationEvent,
  ReorganisationService,
  Role,
  ScheduledReorganisations,
  User,
} from '@kyso/org';
import { Scheduler } from '@kyso/queue';
import {
  createTestDomain,
  type TestDomain,
  type TestOrganisation,
} from '../../../../libs/documents/testing/test-domain';
import { SCHEDULED_REORGANISATIONS_JOB, scheduledJobs } from './scheduled-jobs';

const EFFECTIVE = '2025-07-01';
/** 23:59:59 on 30 June and 00:00 on 1 July, Vietnam time (UTC+7). */
const LAST_SECOND_BEFORE = '2025-06-30T16:59:59Z';
const MIDNIGHT = '2025-06-30T17:00:00Z';

let t: TestDomain;
let A: TestOrganisation;
let B: TestOrganisation;
let C: TestOrganisation;
let continuity: ReorganisationService;
let scheduled: ScheduledReorganisations;
let lineage: LineageService;
let scheduler: Scheduler;
let launched: ArchiveRun[];
let eventId: string;

beforeEach(async () => {
  t = await createTestDomain({ now: '2025-06-30T03:00:00Z' });
  A = await t.organisation('UBND', 'Ủy ban nhân dân xã A');
  B = await t.organisation('UBND', 'Ủy ban nhân dân xã B');
  C = await t.organisation('UBND', 'Ủy ban nhân dân xã C');
  const holdings = new OrganisationHoldingsRepository();
  const audit = t.services.audit;
  lineage = new LineageService(t.ds, t.clock, audit, holdings);
  continuity = new ReorganisationService(t.ds, t.clock, audit, holdings);
  scheduled = new ScheduledReorganisations(t.ds, t.clock, audit, continuity);
  launched = [];
  // The archive run itself is the augmentation's own business (its specs); here: that it starts, and for whom.
  const augmentation = {
    startRunForEvent: async (id: string) => ({ id: `run-for-${id}`, eventId: id }) as unknown as ArchiveRun,
  } as unknown as AugmentationService;
  scheduler = new Scheduler({
    dataSource: t.ds,
    clock: t.clock,
    owner: 'api-embedded',
    jobs: scheduledJobs({
      lineage,
      router: new ArrivalRouter(t.ds, t.clock, audit, lineage, holdings),
      reorganisations: scheduled,
      assignments: t.services.assignments,
      augmentation,
      launchRun: async (run) => launched.push(run),
      schedule: { tickMs: 1000, periodMs: 0 },
    }),
  });
  const event = await lineage.recordMerge(t.sysadmin, {
    from: [A.id, B.id],
    into: C.id,
    effectiveDate: EFFECTIVE,
    decision: 'Nghị quyết 1656/NQ-UBTVQH15',
  });
  eventId = event.id;
});

afterEach(async () => {
  await scheduler.stop();
  await t.close();
});

const statusOf = async () =>
  (await t.ds.getRepository(ReorganisationEvent).findOneByOrFail({ id: eventId })).status;

async function approveNow(): Promise<string> {
  const plan = await continuity.plan(t.sysadmin, eventId, {});
  expect(plan.problems).toEqual([]);
  await scheduled.approve(t.sysadmin, eventId, { decisions: {}, planHash: plan.planHash });
  return plan.planHash;
}

describe('a merger approved ahead', () => {
  it('applies itself at D 00:00 Vietnam time, and the ceased communes’ archives are augmented right after', async () => {
    await approveNow();
    expect(await statusOf()).toBe('approved');

    t.clock.set(LAST_SECOND_BEFORE);
    await scheduler.tick();
    expect(await statusOf()).toBe('approved');
    expect(launched).toEqual([]);

    t.clock.set(MIDNIGHT);
    const ticks = await scheduler.tick();
    expect(await statusOf()).toBe('applied');
    const event = await t.ds.getRepository(ReorganisationEvent).findOneByOrFail({ id: eventId });
    expect(event.appliedAt?.toISOString()).toBe('2025-06-30T17:00:00.000Z');
    expect(event.appliedBy).toBe(t.sysadmin.userId);
    expect(event.application).toMatchObject({ scheduled: { replanned: false, differences: null } });
    expect(launched.map((r) => r.id)).toEqual([`run-for-${eventId}`]);
    const users = await t.ds.getRepository(User).findBy({ organisationId: C.id, active: true });
    expect(users.map((u) => u.id)).toEqual(expect.arrayContaining([A.clerk.userId, B.clerk.userId]));
    const job = ticks.find((o) => o.job === SCHEDULED_REORGANISATIONS_JOB);
    expect(job).toMatchObject({ ran: true, status: 'ok', outcome: { archiveRuns: [`run-for-${eventId}`] } });

    // The period's lease is taken: another tick in the same minute (or another process) does nothing more.
    expect((await scheduler.tick()).find((o) => o.job === SCHEDULED_REORGANISATIONS_JOB)).toMatchObject({
      ran: false,
    });
    const audit = await t.ds.query(`SELECT action FROM audit_entries WHERE entity_id = ? ORDER BY at, seq`, [
      eventId,
    ]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(['reorganisation.approved', 'reorganisation.applied']),
    );
  });

  it('re-plans when the work changed since approval and applies with the differences recorded', async () => {
    const approvedHash = await approveNow();
    const late = await t.services.incoming.register(A.clerk, {
      typeCode: 'cong-van',
      numberSymbol: '12/UBND',
      subject: 'Công văn đến sau khi phê duyệt',
      senderName: 'UBND huyện',
    });
    t.clock.set(MIDNIGHT);
    await scheduler.tick();
    expect(await statusOf()).toBe('applied');
    const event = await t.ds.getRepository(ReorganisationEvent).findOneByOrFail({ id: eventId });
    const application = event.application as { planHash: string; scheduled: Record<string, unknown> };
    expect(application.planHash).not.toBe(approvedHash);
    expect(application.scheduled).toMatchObject({
      approvedPlanHash: approvedHash,
      replanned: true,
      differences: { documents: { added: [late.id], removed: [] } },
    });
    expect((await t.services.queries.get(C.clerk, late.id)).id).toBe(late.id);
  });

  it('holds a plan that no longer applies, with the reason, an audit entry and nothing moved', async () => {
    await approveNow();
    // A new unit of A with a user in it, which no unit of C corresponds to: the plan cannot map it.
    const unit = await t.services.units.create(A.admin, { name: 'Tư pháp - Hộ tịch', abbreviation: 'TP' });
    await t.services.users.create(A.admin, {
      username: 'tuphap-a',
      fullName: 'Lê Văn Tư',
      password: 'password-1',
      roles: [Role.OFFICER],
      unitId: unit.id,
    });
    t.clock.set(MIDNIGHT);
    await scheduler.tick();
    expect(await statusOf()).toBe('held');
    expect(launched).toEqual([]);
    const held = await scheduled.held();
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ id: eventId, held: { reason: 'the plan can no longer be applied' } });
    expect(held[0].held!.problems.join(' ')).toMatch(/TP/);
    const [entry] = await t.ds.query(
      `SELECT action, data FROM audit_entries WHERE action = 'reorganisation.held'`,
    );
    expect(JSON.parse(entry.data)).toMatchObject({ kind: 'merge', effectiveDate: EFFECTIVE });
    expect((await t.ds.getRepository(User).findOneByOrFail({ id: A.clerk.userId })).organisationId).toBe(
      A.id,
    );
    // Held is still pending: the administrator may look again and apply by hand.
    const plan = await continuity.plan(t.sysadmin, eventId, { units: { [unit.id]: C.unitId } });
    expect(plan.problems).toEqual([]);
  });

  it('refuses an approval with a stale plan hash or before the effective instant', async () => {
    const plan = await continuity.plan(t.sysadmin, eventId, {});
    await expect(
      scheduled.approve(t.sysadmin, eventId, { decisions: {}, planHash: 'f'.repeat(64) }),
    ).rejects.toMatchObject({ code: 'LINEAGE_PLAN_CHANGED' });
    await expect(
      scheduled.approve(t.sysadmin, eventId, {
        decisions: {},
        planHash: plan.planHash,
        applyAt: new Date('2025-06-30T16:59:00Z'),
      }),
    ).rejects.toMatchObject({ code: 'LINEAGE_APPLY_AT_TOO_EARLY' });
    await expect(
      scheduled.approve(A.admin, eventId, { decisions: {}, planHash: plan.planHash }),
    ).rejects.toMatchObject({ code: 'LINEAGE_FORBIDDEN' });
    expect(await statusOf()).toBe('recorded');
  });
});
