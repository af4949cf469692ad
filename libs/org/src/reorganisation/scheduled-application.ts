import type { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { inTransaction, writeLock } from '@kyso/database';
import { type Actor, isSystemAdmin } from '../access/actor';
import { Role } from '../access/role';
import { auditEvent, type AuditRecorder, SYSTEM_CHAIN } from '../audit-recorder';
import type { Clock } from '../clock';
import { LineageError, LineageErrorCode } from '../lineage/lineage.exception';
import { dissolvedBy } from '../lineage/reorganisation-event';
import { ReorganisationEvent } from '../lineage/reorganisation-event.entity';
import type { ContinuityDecisions, ContinuityPlan } from './continuity-plan';
import type { ReorganisationService } from './reorganisation.service';

/** A merger or split applies at 00:00 Vietnam time (UTC+7) on its effective date unless approved for later. */
export function effectiveInstant(effectiveDate: string): Date {
  return new Date(`${effectiveDate}T00:00:00+07:00`);
}

/** What the plan approved ahead consisted of, to report what changed when the scheduler re-plans. */
export interface ApprovedActions {
  registers: string[];
  documents: string[];
  assignments: string[];
  users: string[];
}

/** Stored in `org_events.approval` when a plan is approved ahead (and completed when it is held). */
export interface ReorganisationApproval {
  planHash: string;
  decisions: ContinuityDecisions;
  /** ISO instant the scheduler applies it at. */
  applyAt: string;
  actions: ApprovedActions;
  held?: { at: string; reason: string; problems: string[]; planHash: string };
}

/** What changed between the approved plan and the one applied: ids added to or gone from each list. */
export type PlanDifferences = Record<keyof ApprovedActions, { added: string[]; removed: string[] }>;

export type ScheduledOutcome =
  | {
      eventId: string;
      outcome: 'applied';
      /** Organisations that ceased: their archives are augmented next. */
      ceasedOrganisationIds: string[];
      replanned: boolean;
      differences: PlanDifferences | null;
    }
  | { eventId: string; outcome: 'held'; reason: string; problems: string[] }
  /** Applied (or cancelled) by someone else in the meantime: nothing to do. */
  | { eventId: string; outcome: 'skipped'; reason: string };

const notPending = (err: unknown): boolean =>
  err instanceof LineageError && err.code === LineageErrorCode.EVENT_NOT_PENDING;

function actionsOf(plan: ContinuityPlan): ApprovedActions {
  return {
    registers: plan.registers.filter((r) => !r.alreadyClosed).map((r) => r.id),
    documents: plan.documents.map((d) => d.documentId),
    assignments: plan.assignments.map((a) => a.id),
    users: plan.users.map((u) => `${u.id}:${u.action}`),
  };
}

function differencesOf(before: ApprovedActions, after: ApprovedActions): PlanDifferences {
  const diff = (a: string[], b: string[]) => ({
    added: b.filter((x) => !a.includes(x)),
    removed: a.filter((x) => !b.includes(x)),
  });
  return {
    registers: diff(before.registers, after.registers),
    documents: diff(before.documents, after.documents),
    assignments: diff(before.assignments, after.assignments),
    users: diff(before.users, after.users),
  };
}

/**
 * Mergers and splits prepared ahead: the administrator approves the dry-run plan (its hash and decisions) before the
 * effective date; at the effective instant the scheduler applies it by itself. It re-plans first: the same hash
 * applies as approved; a different plan that is still valid applies with the differences recorded; a plan that can
 * no longer be applied (a new unit in use unmapped, a user with no target) is held, with an audit entry and the
 * reason on the event, until the administrator looks again (plan, then approve or apply).
 */
export class ScheduledReorganisations {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditRecorder,
    private readonly continuity: ReorganisationService,
  ) {}

  /**
   * Approves the plan the administrator read (`planHash` of the dry run with these decisions). Refused if the plan
   * changed since or cannot be applied, and if `applyAt` is before the effective instant.
   */
  async approve(
    actor: Actor,
    eventId: string,
    input: { decisions: ContinuityDecisions; planHash: string; applyAt?: Date },
  ): Promise<ReorganisationEvent> {
    if (!isSystemAdmin(actor)) throw new LineageError(LineageErrorCode.FORBIDDEN);
    const plan = await this.continuity.plan(actor, eventId, input.decisions);
    if (plan.planHash !== input.planHash)
      throw new LineageError(LineageErrorCode.PLAN_CHANGED, { planHash: plan.planHash });
    if (plan.problems.length)
      throw new LineageError(LineageErrorCode.MAPPING_INCOMPLETE, {
        problems: plan.problems,
        reason: plan.problems.join('; '),
      });
    const earliest = effectiveInstant(plan.effectiveDate);
    const applyAt = input.applyAt ?? earliest;
    if (applyAt.getTime() < earliest.getTime())
      throw new LineageError(LineageErrorCode.APPLY_AT_TOO_EARLY, {
        applyAt: applyAt.toISOString(),
        effectiveAt: earliest.toISOString(),
      });
    const approval: ReorganisationApproval = {
      planHash: plan.planHash,
      decisions: input.decisions,
      applyAt: applyAt.toISOString(),
      actions: actionsOf(plan),
    };
    return inTransaction(this.ds, async (tx) => {
      const event = await tx.findOne(ReorganisationEvent, { where: { id: eventId }, lock: writeLock(tx) });
      if (!event || !['recorded', 'approved', 'held'].includes(event.status))
        throw new LineageError(LineageErrorCode.EVENT_NOT_PENDING, { id: eventId, status: event?.status });
      const now = this.clock.now();
      const changes = {
        status: 'approved' as const,
        approvedBy: actor.userId,
        approvedAt: now,
        approval: approval as unknown as Record<string, unknown>,
      };
      await tx.update(
        ReorganisationEvent,
        { id: eventId },
        changes as QueryDeepPartialEntity<ReorganisationEvent>,
      );
      await this.audit.record(
        tx,
        auditEvent('reorganisation.approved', {
          chain: SYSTEM_CHAIN,
          actor: actor.userId,
          entity: { type: 'reorganisation', id: eventId },
          data: { planHash: plan.planHash, applyAt: approval.applyAt, effectiveDate: plan.effectiveDate },
        }),
        now,
      );
      return { ...event, ...changes };
    });
  }

  /** Approved mergers and splits whose instant has come, oldest first, each applied or held. */
  async applyDue(): Promise<ScheduledOutcome[]> {
    const now = this.clock.now();
    const approved = await inTransaction(this.ds, (tx) =>
      tx.find(ReorganisationEvent, {
        where: { status: 'approved' },
        order: { effectiveDate: 'ASC', recordedAt: 'ASC' },
      }),
    );
    const due = approved.filter((e) => {
      const a = e.approval as unknown as ReorganisationApproval | null;
      return a && Date.parse(a.applyAt) <= now.getTime();
    });
    const out: ScheduledOutcome[] = [];
    for (const event of due) out.push(await this.applyOne(event));
    return out;
  }

  /** Held reorganisations, with why: the admin endpoint shows them. */
  async held(): Promise<
    Array<{ id: string; kind: string; effectiveDate: string; held: ReorganisationApproval['held'] }>
  > {
    const found = await inTransaction(this.ds, (tx) =>
      tx.find(ReorganisationEvent, { where: { status: 'held' }, order: { effectiveDate: 'ASC' } }),
    );
    return found.map((e) => ({
      id: e.id,
      kind: e.kind,
      effectiveDate: e.effectiveDate,
      held: (e.approval as unknown as ReorganisationApproval | null)?.held,
    }));
  }

  private async applyOne(event: ReorganisationEvent): Promise<ScheduledOutcome> {
    const approval = event.approval as unknown as ReorganisationApproval;
    // The approver is answerable for the scheduled application, as if they had pressed "apply" at the instant.
    const actor: Actor = {
      userId: event.approvedBy ?? 'system',
      organisationId: null,
      unitId: null,
      roles: [Role.ADMIN],
    };
    let plan: ContinuityPlan;
    try {
      plan = await this.continuity.plan(actor, event.id, approval.decisions);
    } catch (err) {
      if (notPending(err)) return { eventId: event.id, outcome: 'skipped', reason: (err as Error).message };
      return this.hold(event, approval, (err as Error).message, [], approval.planHash);
    }
    if (plan.problems.length)
      return this.hold(event, approval, 'the plan can no longer be applied', plan.problems, plan.planHash);
    const replanned = plan.planHash !== approval.planHash;
    const differences = replanned ? differencesOf(approval.actions, actionsOf(plan)) : null;
    try {
      await this.continuity.apply(actor, event.id, approval.decisions, plan.planHash, {
        scheduled: { approvedPlanHash: approval.planHash, applyAt: approval.applyAt, replanned, differences },
      });
    } catch (err) {
      // PLAN_CHANGED between the re-plan and the apply: the next run looks again. Anything else holds it.
      if (err instanceof LineageError && err.code === LineageErrorCode.PLAN_CHANGED) throw err;
      if (notPending(err)) return { eventId: event.id, outcome: 'skipped', reason: (err as Error).message };
      return this.hold(event, approval, (err as Error).message, [], plan.planHash);
    }
    return {
      eventId: event.id,
      outcome: 'applied',
      ceasedOrganisationIds: dissolvedBy(event.details),
      replanned,
      differences,
    };
  }

  private async hold(
    event: ReorganisationEvent,
    approval: ReorganisationApproval,
    reason: string,
    problems: string[],
    planHash: string,
  ): Promise<ScheduledOutcome> {
    const now = this.clock.now();
    const held = { at: now.toISOString(), reason, problems, planHash };
    const recorded = await inTransaction(this.ds, async (tx) => {
      const changed = await tx.update(ReorganisationEvent, { id: event.id, status: 'approved' }, {
        status: 'held',
        approval: { ...approval, held },
      } as QueryDeepPartialEntity<ReorganisationEvent>);
      if (!changed.affected) return false; // no longer approved: someone else acted on it meanwhile
      await this.audit.record(
        tx,
        auditEvent('reorganisation.held', {
          chain: SYSTEM_CHAIN,
          actor: null,
          entity: { type: 'reorganisation', id: event.id },
          data: {
            kind: event.kind,
            effectiveDate: event.effectiveDate,
            approvedPlanHash: approval.planHash,
            ...held,
          },
        }),
        now,
      );
      return true;
    });
    if (!recorded) return { eventId: event.id, outcome: 'skipped', reason: 'no longer approved' };
    return { eventId: event.id, outcome: 'held', reason, problems };
  }
}
