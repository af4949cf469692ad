import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { type Actor, isSystemAdmin } from '../access/actor';
import { type AuditEvent, type AuditRecorder, SYSTEM_CHAIN } from '../audit-recorder';
import { vietnamDate } from '../calendar';
import type { Clock } from '../clock';
import type { OrganisationHoldings } from '../organisations/organisation-holdings';
import { Organisation } from '../organisations/organisation.entity';
import { execute, rows, unitOfWork, writeLock, sqlWithLists } from '@kyso/database';
import { OrgUnit } from '../units/unit.entity';
import { LineageError, LineageErrorCode } from '../lineage/lineage.exception';
import { dissolvedBy } from '../lineage/reorganisation-event';
import { ReorganisationEvent } from '../lineage/reorganisation-event.entity';
import {
  type AssignmentTransfer,
  type AttentionItem,
  type ContinuityDecisions,
  type ContinuityPlan,
  type DocumentTransfer,
  fingerprintPlan,
  type OrganisationLabel,
  type RegisterClosure,
  type UnitMapping,
  type UserTransfer,
} from './continuity-plan';

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

function label(o: Organisation): OrganisationLabel {
  return { id: o.id, name: o.name, code: o.code };
}

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
      const at = now.toISOString();
      const q = sqlWithLists(tx);
      const names = new Map(
        [...plan.ceasing, ...plan.successors].map((o) => [o.id, o.code ? `${o.name} (${o.code})` : o.name]),
      );
      const counts = {
        registersClosed: 0,
        documentsMoved: 0,
        assignmentsMoved: 0,
        usersMoved: 0,
        usersDeactivated: 0,
        unitsClosed: 0,
      };

      const ceasingIds = plan.ceasing.map((o) => o.id);
      counts.registersClosed = await this.holdings.closeRegisters(tx, ceasingIds, now);
      const why =
        event.kind === 'merge' ? { vi: 'sáp nhập', en: 'merger' } : { vi: 'chia tách', en: 'split' };
      for (const d of plan.documents) {
        const note =
          `Chuyển giao từ ${names.get(d.organisationId)} sang ${names.get(d.targetOrganisationId)} do ${why.vi}, hiệu lực ${event.effectiveDate} / ` +
          `transferred from ${names.get(d.organisationId)} to ${names.get(d.targetOrganisationId)} (${why.en} effective ${event.effectiveDate})`;
        counts.documentsMoved += await this.holdings.moveDocument(tx, {
          documentId: d.documentId,
          from: d.organisationId,
          to: d.targetOrganisationId,
          ...(d.direction === 'outgoing'
            ? { draft: { draftingUnitId: d.targetDraftingUnitId ?? null } }
            : {}),
          event: { kind: 'reorganised', actorId: actor.userId, note },
          at: now,
        });
      }
      for (const a of plan.assignments) {
        counts.assignmentsMoved += await this.holdings.moveAssignment(tx, {
          id: a.id,
          organisationId: a.targetOrganisationId,
          unitId: a.targetUnitId,
          at: now,
        });
      }
      for (const u of plan.users) {
        if (u.action === 'deactivate') {
          counts.usersDeactivated += await execute(
            tx,
            q`UPDATE users SET active = ${false}, updated_at = ${at} WHERE id = ${u.id}`,
          );
        } else {
          counts.usersMoved += await execute(
            tx,
            q`UPDATE users SET organisation_id = ${u.targetOrganisationId}, unit_id = ${u.targetUnitId}, updated_at = ${at} WHERE id = ${u.id}`,
          );
        }
      }
      counts.unitsClosed = await execute(
        tx,
        q`UPDATE org_units SET active = ${false} WHERE organisation_id IN ${ceasingIds} AND active = ${true}`,
      );

      const application = {
        planHash: plan.planHash,
        counts,
        decisions,
        movedDocumentsSha256: createHash('sha256')
          .update(plan.documents.map((d) => d.documentId).join('\n'))
          .digest('hex'),
      };
      const changes = { status: 'applied' as const, appliedAt: now, appliedBy: actor.userId, application };
      await tx.update(ReorganisationEvent, { id: event.id }, changes);
      const chains = [SYSTEM_CHAIN, ...ceasingIds, ...plan.successors.map((s) => s.id)];
      const audits: AuditEvent[] = [...new Set(chains)].map((chainId) => ({
        chainId,
        actorId: actor.userId,
        action: 'reorganisation.applied',
        entityType: 'reorganisation',
        entityId: event.id,
        data: {
          kind: event.kind,
          effectiveDate: event.effectiveDate,
          ...application,
          documents: plan.documents
            .filter((d) => d.organisationId === chainId || d.targetOrganisationId === chainId)
            .map((d) => d.documentId),
        },
      }));
      for (const e of audits.sort((a, b) => (a.chainId < b.chainId ? -1 : a.chainId > b.chainId ? 1 : 0)))
        await this.audit.record(tx, e, now);
      return { event: { ...event, ...changes }, plan, counts };
    });
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
    if (event.status !== 'recorded')
      throw new LineageError(LineageErrorCode.EVENT_NOT_PENDING, { id, status: event.status });
    return event as ReorganisationEvent & { details: { kind: 'merge' | 'split' } };
  }

  private async buildPlan(
    tx: EntityManager,
    event: ReorganisationEvent,
    decisions: ContinuityDecisions,
  ): Promise<ContinuityPlan> {
    const d = event.details;
    if (d.kind !== 'merge' && d.kind !== 'split') throw new LineageError(LineageErrorCode.INVALID_EVENT);
    const ceasingIds = dissolvedBy(d);
    const successorIds =
      d.kind === 'merge' ? [d.into] : [d.primary, ...d.into.filter((id) => id !== d.primary)];
    const primary = successorIds[0];
    const q = sqlWithLists(tx);
    const orgs = await tx.find(Organisation);
    const byId = new Map(orgs.map((o) => [o.id, o]));
    const problems: string[] = [];

    // Units: the administrator's mapping, else the successor unit with the same abbreviation (primary first).
    const units = await tx.find(OrgUnit);
    const successorUnits = units.filter((u) => successorIds.includes(u.organisationId) && u.active);
    const unitById = new Map(units.map((u) => [u.id, u]));
    const ceasingUnits = units
      .filter((u) => ceasingIds.includes(u.organisationId))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    const mapUnit = (unitId: string | null): string | null => {
      if (!unitId) return null;
      const chosen = decisions.units?.[unitId];
      if (chosen) return chosen;
      const unit = unitById.get(unitId);
      if (!unit || successorIds.includes(unit.organisationId)) return unit?.id ?? null;
      for (const org of successorIds) {
        const same = successorUnits.find(
          (s) => s.organisationId === org && s.abbreviation === unit.abbreviation,
        );
        if (same) return same.id;
      }
      return null;
    };
    for (const [from, to] of Object.entries(decisions.units ?? {})) {
      const target = unitById.get(to);
      if (!unitById.has(from) || !ceasingIds.includes(unitById.get(from)!.organisationId))
        problems.push(`unit ${from} is not a unit of a ceasing organisation`);
      if (!target || !successorIds.includes(target.organisationId) || !target.active)
        problems.push(`unit ${to} is not an active unit of a successor`);
    }
    const orgOfUnit = (unitId: string | null) =>
      unitId ? (unitById.get(unitId)?.organisationId ?? primary) : primary;

    const registers = (await this.holdings.registers(tx, ceasingIds)).map((r): RegisterClosure => ({
      id: r.id,
      organisationId: r.organisationId,
      kind: r.kind,
      year: r.year,
      series: r.series,
      name: r.name,
      lastNumber: r.lastNumber,
      alreadyClosed: r.closed,
    }));

    const docRows = await this.holdings.openDocuments(tx, ceasingIds);
    const assignmentRows = await this.holdings.openAssignments(tx, ceasingIds);
    type UserRow = {
      id: string;
      username: string;
      full_name: string;
      organisation_id: string;
      unit_id: string | null;
      active: boolean | number;
    };
    const userRows = (
      await rows<UserRow>(
        tx,
        q`SELECT id, username, full_name, organisation_id, unit_id, active FROM users WHERE organisation_id IN ${ceasingIds} ORDER BY id`,
      )
    ).filter((u) => !!u.active);

    const users: UserTransfer[] = userRows.map((u) => {
      const decided = decisions.users?.[u.id];
      if (decided?.action === 'deactivate') {
        return {
          id: u.id,
          username: u.username,
          fullName: u.full_name,
          organisationId: u.organisation_id,
          unitId: u.unit_id,
          action: 'deactivate',
          targetOrganisationId: null,
          targetUnitId: null,
        };
      }
      const targetUnitId = decided && decided.unitId !== undefined ? decided.unitId : mapUnit(u.unit_id);
      if (decided?.unitId && !successorUnits.some((s) => s.id === decided.unitId))
        problems.push(`user ${u.username}: unit ${decided.unitId} is not an active unit of a successor`);
      return {
        id: u.id,
        username: u.username,
        fullName: u.full_name,
        organisationId: u.organisation_id,
        unitId: u.unit_id,
        action: 'move',
        targetOrganisationId: orgOfUnit(targetUnitId),
        targetUnitId,
      };
    });

    // A document goes where its lead assignment's unit (or person) goes; without one, to the primary successor. Its
    // other assignments go with it: the same organisation must hold a document and all its assignments.
    const userTarget = new Map(users.map((u) => [u.id, u]));
    const docTarget = new Map<string, string>();
    for (const a of assignmentRows.filter((x) => x.role === 'lead')) {
      const person = a.userId ? userTarget.get(a.userId) : undefined;
      docTarget.set(
        a.documentId,
        a.unitId ? orgOfUnit(mapUnit(a.unitId)) : (person?.targetOrganisationId ?? primary),
      );
    }
    const assignments: AssignmentTransfer[] = assignmentRows.map((a) => {
      const targetOrganisationId = docTarget.get(a.documentId) ?? primary;
      let targetUnitId: string | null = null;
      if (a.unitId) {
        const chosen = decisions.assignments?.[a.id];
        const mapped = mapUnit(a.unitId);
        const sameName = successorUnits.find(
          (u) =>
            u.organisationId === targetOrganisationId &&
            u.abbreviation === unitById.get(a.unitId!)?.abbreviation,
        );
        targetUnitId =
          chosen ?? (mapped && orgOfUnit(mapped) === targetOrganisationId ? mapped : (sameName?.id ?? null));
        if (!targetUnitId || orgOfUnit(targetUnitId) !== targetOrganisationId) {
          problems.push(
            `assignment ${a.id} (${a.role}, unit ${unitById.get(a.unitId)?.abbreviation ?? a.unitId}) needs a unit of ${byId.get(targetOrganisationId)?.name ?? targetOrganisationId}, where its document goes`,
          );
        }
      }
      const person = a.userId ? userTarget.get(a.userId) : undefined;
      if (person?.action === 'deactivate')
        problems.push(
          `assignment ${a.id} is held by ${person.username}, who is to be deactivated: reassign it first`,
        );
      else if (person && person.targetOrganisationId !== targetOrganisationId)
        problems.push(
          `assignment ${a.id} is held by ${person.username}, who moves to another successor than the document`,
        );
      return {
        id: a.id,
        documentId: a.documentId,
        role: a.role,
        status: a.status,
        unitId: a.unitId,
        userId: a.userId,
        deadline: a.deadline,
        targetOrganisationId,
        targetUnitId,
      };
    });
    const documents: DocumentTransfer[] = [];
    const attention: AttentionItem[] = [];
    for (const r of docRows) {
      if (r.stage === 'undispatched') {
        attention.push({
          documentId: r.id,
          organisationId: r.organisationId,
          status: r.status,
          numberSymbol: r.numberSymbol,
          subject: r.subject,
          reason:
            'signed or numbered under the ceasing organisation and not dispatched: dispatch it under its original number, or cancel it and draft again under the successor',
        });
        continue;
      }
      const draft = r.direction === 'outgoing';
      const targetDraftingUnitId = draft ? mapUnit(r.draftingUnitId) : undefined;
      documents.push({
        documentId: r.id,
        organisationId: r.organisationId,
        direction: r.direction,
        status: r.status,
        registerNumber: r.registerNumber,
        numberSymbol: r.numberSymbol,
        subject: r.subject,
        dueDate: r.dueDate,
        targetOrganisationId: draft
          ? orgOfUnit(targetDraftingUnitId ?? null)
          : (docTarget.get(r.id) ?? primary),
        ...(draft ? { targetDraftingUnitId } : {}),
      });
    }

    const used = new Set<string>(
      [
        ...assignmentRows.map((a) => a.unitId),
        ...docRows.filter((r) => r.stage === 'draft').map((r) => r.draftingUnitId),
        ...userRows
          .filter((u) => {
            const decided = decisions.users?.[u.id];
            return !decided || (decided.action === 'move' && decided.unitId === undefined);
          })
          .map((u) => u.unit_id),
      ].filter((id): id is string => !!id),
    );
    const unitMappings: UnitMapping[] = ceasingUnits.map((u) => ({
      id: u.id,
      organisationId: u.organisationId,
      abbreviation: u.abbreviation,
      name: u.name,
      targetUnitId: mapUnit(u.id),
      inUse: used.has(u.id),
    }));
    for (const u of unitMappings) {
      if (u.inUse && !u.targetUnitId)
        problems.push(
          `unit ${u.abbreviation} (${u.id}) of ${byId.get(u.organisationId)?.name ?? u.organisationId} has open work or users and no successor unit: map it`,
        );
    }

    const signedDocuments = await this.holdings.countSignedDocuments(tx, ceasingIds);

    const partial = {
      eventId: event.id,
      kind: d.kind,
      effectiveDate: event.effectiveDate,
      ceasing: ceasingIds
        .map((id) => byId.get(id))
        .filter((o): o is Organisation => !!o)
        .map(label),
      successors: successorIds
        .map((id) => byId.get(id))
        .filter((o): o is Organisation => !!o)
        .map(label),
      registers,
      documents,
      assignments,
      users,
      units: unitMappings,
      attention,
      signedDocuments,
      problems: [...new Set(problems)],
    };
    return { ...partial, planHash: fingerprintPlan(partial) };
  }
}
