import { createHash } from 'node:crypto';
import { type DataSource, type EntityManager, In } from 'typeorm';
import { type Actor, isSystemAdmin } from '../access/actor';
import { auditEvent, type AuditEvent, type AuditRecorder, SYSTEM_CHAIN } from '../audit-recorder';
import { vietnamDate } from '../calendar';
import type { Clock } from '../clock';
import type { OrganisationHoldings } from '../organisations/organisation-holdings';
import { Organisation } from '../organisations/organisation.entity';
import { execute, unitOfWork, writeLock, sqlWithLists } from '@kyso/database';
import { OrgUnit } from '../units/unit.entity';
import { User } from '../users/user.entity';
import { LineageError, LineageErrorCode } from '../lineage/lineage.exception';
import { dissolvedBy } from '../lineage/reorganisation-event';
import { ReorganisationEvent } from '../lineage/reorganisation-event.entity';
import { bumpLineageVersion } from '../lineage/lineage-version';
import { type ContinuityDecisions, type ContinuityPlan } from './continuity-plan';
import { type CeasingUser, type ContinuityFacts, planContinuity } from './continuity-planner';

export interface ContinuityResult {
  event: ReorganisationEvent;
  plan: ContinuityPlan;
  counts: {
    registersClosed: number;
    documentsMoved: number;
    assignmentsMoved: number;
    usersMoved: number;
    usersDeactivated: number;
    unitsClosed: number;
  };
}

/** A merger or split whose continuity is still to be carried out: recorded, approved ahead, or held. */
const PENDING: readonly string[] = ['recorded', 'approved', 'held'];

/**
 * Continuity of work through a merger or split, carried out on (or after) the effective date in one transaction:
 * the ceasing organisations' registers close (their fonds closes; the successor's registers continue their own
 * series), open incoming items and drafts move to the successor with their assignments and deadlines, users move
 * (or are deactivated), units close. Nothing is renumbered or rewritten: documents keep their numbers, registers,
 * history and original issuer; each moved document gets a processing event saying why it moved. Closed documents stay
 * with their issuer and are read by the successor through the lineage (LineageService.organisationsVisibleTo).
 *
 * What the ceasing organisations hold in registers, documents and assignments is read and moved through the
 * `OrganisationHoldings` port, which libs/documents implements (libs/org may not depend on libs/documents).
 */
export class ReorganisationService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditRecorder,
    private readonly holdings: OrganisationHoldings,
  ) {}

  /** The dry run: what `apply` would do with these decisions, without changing anything. */
  plan(
    actor: Actor,
    eventId: string,
    decisions: ContinuityDecisions = {},
    em?: EntityManager,
  ): Promise<ContinuityPlan> {
    if (!isSystemAdmin(actor)) throw new LineageError(LineageErrorCode.FORBIDDEN);
    return unitOfWork(this.ds, em, async (tx) => {
      const event = await this.requireEvent(tx, eventId, false);
      return this.buildPlan(tx, event, decisions);
    });
  }

  /**
   * Carries the plan out. `expectedPlanHash` is the hash of the dry run the administrator confirmed: if the work
   * changed since (a new incoming item, a user added), nothing happens and PLAN_CHANGED asks for a new look.
   */
  apply(
    actor: Actor,
    eventId: string,
    decisions: ContinuityDecisions,
    expectedPlanHash?: string,
    /** Recorded with the application (the scheduler notes that it applied an approved plan, and what changed). */
    note?: Record<string, unknown>,
  ): Promise<ContinuityResult> {
    if (!isSystemAdmin(actor)) throw new LineageError(LineageErrorCode.FORBIDDEN);
    return unitOfWork(this.ds, undefined, async (tx) => {
      const event = await this.requireEvent(tx, eventId, true);
      const today = vietnamDate(this.clock.now());
      if (event.effectiveDate > today)
        throw new LineageError(LineageErrorCode.NOT_YET_EFFECTIVE, {
          effectiveDate: event.effectiveDate,
          today,
        });
      const plan = await this.buildPlan(tx, event, decisions);
      if (expectedPlanHash && expectedPlanHash !== plan.planHash)
        throw new LineageError(LineageErrorCode.PLAN_CHANGED, { planHash: plan.planHash });
      if (plan.problems.length)
        throw new LineageError(LineageErrorCode.MAPPING_INCOMPLETE, {
          problems: plan.problems,
          reason: plan.problems.join('; '),
        });
      const now = this.clock.now();
      const ceasingIds = plan.ceasing.map((o) => o.id);
      const counts = await this.carryOut(tx, actor, event, plan, now);

      const application = {
        planHash: plan.planHash,
        counts,
        decisions,
        movedDocumentsSha256: createHash('sha256')
          .update(plan.documents.map((d) => d.documentId).join('\n'))
          .digest('hex'),
        ...note,
      };
      const changes = { status: 'applied' as const, appliedAt: now, appliedBy: actor.userId, application };
      await tx.update(ReorganisationEvent, { id: event.id }, changes);
      const chains = [SYSTEM_CHAIN, ...ceasingIds, ...plan.successors.map((s) => s.id)];
      const audits: AuditEvent[] = [...new Set(chains)].map((chain) =>
        auditEvent('reorganisation.applied', {
          chain,
          actor: actor.userId,
          entity: { type: 'reorganisation', id: event.id },
          data: {
            kind: event.kind,
            effectiveDate: event.effectiveDate,
            ...application,
            documents: plan.documents
              .filter((d) => d.organisationId === chain || d.targetOrganisationId === chain)
              .map((d) => d.documentId),
          },
        }),
      );
      for (const e of audits.sort((a, b) => (a.chainId < b.chainId ? -1 : a.chainId > b.chainId ? 1 : 0)))
        await this.audit.record(tx, e, now);
      await bumpLineageVersion(tx);
      return { event: { ...event, ...changes }, plan, counts };
    });
  }

  /**
   * The moves of an applied plan, in order: the ceasing registers close, documents move with a processing event,
   * assignments follow them (all through the documents domain), users move or are deactivated, units close.
   */
  private async carryOut(
    tx: EntityManager,
    actor: Actor,
    event: ReorganisationEvent,
    plan: ContinuityPlan,
    now: Date,
  ): Promise<ContinuityResult['counts']> {
    const ceasingIds = plan.ceasing.map((o) => o.id);
    const registersClosed = await this.holdings.closeRegisters(tx, ceasingIds, now);
    const documentsMoved = await this.moveDocuments(tx, actor, event, plan, now);
    let assignmentsMoved = 0;
    for (const a of plan.assignments) {
      assignmentsMoved += await this.holdings.moveAssignment(tx, {
        id: a.id,
        organisationId: a.targetOrganisationId,
        unitId: a.targetUnitId,
        at: now,
      });
    }
    const { usersMoved, usersDeactivated } = await this.moveUsers(tx, plan, now);
    const q = sqlWithLists(tx);
    const unitsClosed = await execute(
      tx,
      q`UPDATE org_units SET active = ${false} WHERE organisation_id IN ${ceasingIds} AND active = ${true}`,
    );
    return { registersClosed, documentsMoved, assignmentsMoved, usersMoved, usersDeactivated, unitsClosed };
  }

  /** Each document moves with a processing event saying from whom, to whom, why and since when. */
  private async moveDocuments(
    tx: EntityManager,
    actor: Actor,
    event: ReorganisationEvent,
    plan: ContinuityPlan,
    now: Date,
  ): Promise<number> {
    const names = new Map(
      [...plan.ceasing, ...plan.successors].map((o) => [o.id, o.code ? `${o.name} (${o.code})` : o.name]),
    );
    const why = event.kind === 'merge' ? { vi: 'sáp nhập', en: 'merger' } : { vi: 'chia tách', en: 'split' };
    let moved = 0;
    for (const d of plan.documents) {
      const note =
        `Chuyển giao từ ${names.get(d.organisationId)} sang ${names.get(d.targetOrganisationId)} do ${why.vi}, hiệu lực ${event.effectiveDate} / ` +
        `transferred from ${names.get(d.organisationId)} to ${names.get(d.targetOrganisationId)} (${why.en} effective ${event.effectiveDate})`;
      moved += await this.holdings.moveDocument(tx, {
        documentId: d.documentId,
        from: d.organisationId,
        to: d.targetOrganisationId,
        ...(d.direction === 'outgoing' ? { draft: { draftingUnitId: d.targetDraftingUnitId ?? null } } : {}),
        event: { kind: 'reorganised', actorId: actor.userId, note },
        at: now,
      });
    }
    return moved;
  }

  private async moveUsers(
    tx: EntityManager,
    plan: ContinuityPlan,
    now: Date,
  ): Promise<{ usersMoved: number; usersDeactivated: number }> {
    const at = now.toISOString();
    const q = sqlWithLists(tx);
    let usersMoved = 0;
    let usersDeactivated = 0;
    for (const u of plan.users) {
      if (u.action === 'deactivate') {
        usersDeactivated += await execute(
          tx,
          q`UPDATE users SET active = ${false}, updated_at = ${at} WHERE id = ${u.id}`,
        );
      } else {
        usersMoved += await execute(
          tx,
          q`UPDATE users SET organisation_id = ${u.targetOrganisationId}, unit_id = ${u.targetUnitId}, updated_at = ${at} WHERE id = ${u.id}`,
        );
      }
    }
    return { usersMoved, usersDeactivated };
  }

  private async requireEvent(
    tx: EntityManager,
    id: string,
    lock: boolean,
  ): Promise<ReorganisationEvent & { details: { kind: 'merge' | 'split' } }> {
    const event = await tx.findOne(ReorganisationEvent, {
      where: { id },
      lock: lock ? writeLock(tx) : undefined,
    });
    if (!event) throw new LineageError(LineageErrorCode.EVENT_NOT_FOUND, { id });
    if (event.details.kind !== 'merge' && event.details.kind !== 'split') {
      throw new LineageError(LineageErrorCode.INVALID_EVENT, {
        reason: `a ${event.kind} has no work to transfer; it applies by itself on its effective date`,
      });
    }
    if (!PENDING.includes(event.status))
      throw new LineageError(LineageErrorCode.EVENT_NOT_PENDING, { id, status: event.status });
    return event as ReorganisationEvent & { details: { kind: 'merge' | 'split' } };
  }

  /** Reads the facts (organisations, units, what the ceasing organisations hold, their users), then decides. */
  private async buildPlan(
    tx: EntityManager,
    event: ReorganisationEvent,
    decisions: ContinuityDecisions,
  ): Promise<ContinuityPlan> {
    return planContinuity(await this.readFacts(tx, event), decisions);
  }

  private async readFacts(tx: EntityManager, event: ReorganisationEvent): Promise<ContinuityFacts> {
    const d = event.details;
    if (d.kind !== 'merge' && d.kind !== 'split') throw new LineageError(LineageErrorCode.INVALID_EVENT);
    const ceasingIds = dissolvedBy(d);
    return {
      event: { id: event.id, kind: d.kind, effectiveDate: event.effectiveDate },
      ceasingIds,
      successorIds: d.kind === 'merge' ? [d.into] : [d.primary, ...d.into.filter((id) => id !== d.primary)],
      organisations: await tx.find(Organisation),
      units: await tx.find(OrgUnit),
      registers: await this.holdings.registers(tx, ceasingIds),
      documents: await this.holdings.openDocuments(tx, ceasingIds),
      assignments: await this.holdings.openAssignments(tx, ceasingIds),
      users: await this.activeUsers(tx, ceasingIds),
      signedDocuments: await this.holdings.countSignedDocuments(tx, ceasingIds),
    };
  }

  /** The active users of the ceasing organisations, by id. */
  private async activeUsers(tx: EntityManager, organisationIds: string[]): Promise<CeasingUser[]> {
    const found = await tx.find(User, {
      where: { organisationId: In(organisationIds), active: true },
      order: { id: 'ASC' },
    });
    return found.map((u) => ({
      id: u.id,
      username: u.username,
      fullName: u.fullName,
      organisationId: u.organisationId!,
      unitId: u.unitId,
    }));
  }
}
