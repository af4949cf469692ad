import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  addDays,
  type Actor,
  type AuditRecorder,
  type Clock,
  hasRole,
  memberOrganisation,
  OrgUnit,
  requireRole,
  Role,
  User,
  vietnamDate,
  auditEvent,
  documentEvent,
} from '@kyso/org';
import { unitOfWork, type TransactionRunner, readOnly } from '@kyso/database';
import { DocumentsError, DocumentsErrorCode } from '../documents.exception';
import { requireVisibleDocument, seesWholeOrganisation } from '../documents/document-access';
import { InputCheck } from '../documents/document-input';
import { IncomingStatus } from '../documents/document-status';
import { toView, type DocumentView } from '../documents/document-view';
import { DocumentRepository } from '../documents/document.repository';
import type { Assignment, AssignmentRole } from './assignment.entity';
import { AssignmentRepository } from './assignment.repository';
import { ProcessingEventRepository } from './processing-event.repository';

/** A unit or a person (exactly one of the two). */
export interface AssigneeInput {
  unitId?: string | null;
  userId?: string | null;
}

export interface AssignInput {
  lead: AssigneeInput;
  coordinators?: AssigneeInput[];
  forInformation?: AssigneeInput[];
  /** Ý kiến chỉ đạo. */
  instruction?: string | null;
  /** Hạn xử lý, `YYYY-MM-DD`. */
  deadline?: string | null;
}

export interface ProgressInput {
  note: string;
  percent?: number | null;
  /** The assignee reports the work finished. */
  completed?: boolean;
}

export interface AssignmentWithDocument extends Assignment {
  document: Pick<
    DocumentView,
    'id' | 'numberSymbol' | 'subject' | 'registerNumber' | 'senderName' | 'status' | 'urgency'
  >;
  /** Days left until the deadline (negative when overdue). */
  daysLeft: number | null;
}

/**
 * The leader's routing of an incoming document and its handling: assign (lead / coordinating / for information,
 * instruction, deadline) → officers record progress and completion → deadline follow-up lists.
 */
export class AssignmentService {
  private readonly assignments = new AssignmentRepository();
  private readonly documents = new DocumentRepository();
  private readonly history = new ProcessingEventRepository();

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditRecorder,
  ) {}

  /**
   * Assigns a registered document. Re-assigning is allowed until handling starts and replaces the previous routing
   * (the audit trail keeps it).
   */
  assign(
    actor: Actor,
    documentId: string,
    input: AssignInput,
    runner?: TransactionRunner,
  ): Promise<{ document: DocumentView; assignments: Assignment[] }> {
    requireRole(actor, Role.LEADER);
    const organisationId = memberOrganisation(actor);
    new InputCheck().text('instruction', input.instruction, 4000).date('deadline', input.deadline).done();
    const targets: Array<[AssignmentRole, AssigneeInput]> = [
      ['lead', input.lead],
      ...(input.coordinators ?? []).map((t): [AssignmentRole, AssigneeInput] => ['coordinate', t]),
      ...(input.forInformation ?? []).map((t): [AssignmentRole, AssigneeInput] => ['info', t]),
    ];
    if (!input.lead || !!input.lead.unitId === !!input.lead.userId)
      throw new DocumentsError(DocumentsErrorCode.NO_LEAD);
    return unitOfWork(this.ds, runner, async (tx) => {
      const doc = await requireVisibleDocument(tx, actor, documentId, { lock: true });
      if (
        doc.direction !== 'incoming' ||
        ![IncomingStatus.REGISTERED, IncomingStatus.ASSIGNED].includes(doc.status as IncomingStatus)
      ) {
        throw new DocumentsError(DocumentsErrorCode.INVALID_STATE, { status: doc.status });
      }
      const now = this.clock.now();
      const rows: Assignment[] = [];
      for (const [role, target] of targets) {
        await this.checkTarget(tx, organisationId, target);
        rows.push({
          id: randomUUID(),
          documentId,
          organisationId,
          role,
          unitId: target.unitId ?? null,
          userId: target.userId ?? null,
          instruction: input.instruction?.trim() || null,
          deadline: role === 'info' ? null : (input.deadline ?? doc.dueDate),
          status: 'assigned',
          assignedBy: actor.userId,
          assignedAt: now,
          completedAt: null,
          updatedAt: now,
        });
      }
      await this.assignments.replaceForDocument(tx, documentId, rows);
      const changes = {
        status: IncomingStatus.ASSIGNED,
        dueDate: input.deadline ?? doc.dueDate,
        updatedAt: now,
      };
      await this.documents.update(tx, documentId, changes);
      await this.history.append(tx, {
        documentId,
        organisationId,
        kind: 'assigned',
        actorId: actor.userId,
        at: now,
        note: input.instruction ?? null,
      });
      await this.audit.record(
        tx,
        documentEvent(doc, actor.userId, 'incoming.assigned', {
          assignments: rows.map((r) => ({ id: r.id, role: r.role, unitId: r.unitId, userId: r.userId })),
          deadline: changes.dueDate,
          instruction: input.instruction ?? null,
        }),
        now,
      );
      return { document: toView({ ...doc, ...changes }), assignments: rows };
    });
  }

  /**
   * Records progress on an assignment. The first note moves the document to "in progress" (05); completion of the
   * lead assignment completes the document (06).
   */
  progress(
    actor: Actor,
    assignmentId: string,
    input: ProgressInput,
    runner?: TransactionRunner,
  ): Promise<{ assignment: Assignment; document: DocumentView }> {
    requireRole(actor, Role.OFFICER, Role.LEADER, Role.CLERK);
    const organisationId = memberOrganisation(actor);
    new InputCheck().text('note', input.note, 4000, true).done();
    if (
      input.percent !== undefined &&
      input.percent !== null &&
      (!Number.isInteger(input.percent) || input.percent < 0 || input.percent > 100)
    ) {
      throw new DocumentsError(DocumentsErrorCode.INVALID_INPUT, { fields: ['percent'], reason: 'percent' });
    }
    return unitOfWork(this.ds, runner, async (tx) => {
      const assignment = await this.assignments.findInOrganisation(tx, assignmentId, organisationId);
      if (!assignment)
        throw new DocumentsError(DocumentsErrorCode.ASSIGNMENT_NOT_FOUND, { id: assignmentId });
      const isAssignee =
        assignment.userId === actor.userId || (!!assignment.unitId && assignment.unitId === actor.unitId);
      if (!isAssignee && !hasRole(actor, Role.LEADER))
        throw new DocumentsError(DocumentsErrorCode.NOT_ASSIGNEE);
      if (assignment.status === 'done')
        throw new DocumentsError(DocumentsErrorCode.INVALID_STATE, { status: 'done' });
      const doc = await this.documents.getById(tx, assignment.documentId);
      const now = this.clock.now();
      const status = input.completed ? 'done' : 'in-progress';
      await this.assignments.update(tx, assignment.id, {
        status,
        completedAt: input.completed ? now : null,
        updatedAt: now,
      });
      let docStatus = doc.status;
      if (assignment.role === 'lead' && input.completed) docStatus = IncomingStatus.DONE;
      else if (doc.status === IncomingStatus.ASSIGNED && assignment.role !== 'info')
        docStatus = IncomingStatus.IN_PROGRESS;
      if (docStatus !== doc.status)
        await this.documents.update(tx, doc.id, { status: docStatus, updatedAt: now });
      await this.history.append(tx, {
        documentId: doc.id,
        organisationId,
        assignmentId,
        kind: input.completed ? 'completed' : 'progress',
        actorId: actor.userId,
        at: now,
        note: input.note,
        percent: input.completed ? 100 : (input.percent ?? null),
      });
      await this.audit.record(
        tx,
        auditEvent(input.completed ? 'assignment.completed' : 'assignment.progress', {
          chain: organisationId,
          actor: actor.userId,
          entity: { type: 'assignment', id: assignmentId },
          data: { documentId: doc.id, percent: input.percent ?? null, documentStatus: docStatus },
        }),
        now,
      );
      return {
        assignment: { ...assignment, status, completedAt: input.completed ? now : null, updatedAt: now },
        document: toView({ ...doc, status: docStatus, updatedAt: now }),
      };
    });
  }

  /**
   * Open assignments by deadline: `overdue` (deadline passed) or `due-soon` (within `days`, default 3), for the
   * whole organisation (clerks, leaders) or the officer's own and their unit's.
   */
  list(
    actor: Actor,
    filter: { due?: 'overdue' | 'due-soon'; days?: number; mine?: boolean } = {},
  ): Promise<AssignmentWithDocument[]> {
    requireRole(actor, Role.OFFICER, Role.LEADER, Role.CLERK);
    const organisationId = memberOrganisation(actor);
    const today = vietnamDate(this.clock.now());
    const until = addDays(today, Math.min(60, Math.max(0, filter.days ?? 3)));
    return readOnly(this.ds, async (tx) => {
      const open = await this.assignments.listOpen(tx, {
        organisationId,
        before: filter.due === 'overdue' ? today : undefined,
        between: filter.due === 'due-soon' ? { from: today, to: until } : undefined,
        onlyOf:
          filter.mine || !seesWholeOrganisation(actor)
            ? { userId: actor.userId, unitId: actor.unitId }
            : undefined,
      });
      return open.map(({ assignment: a, document }) => ({
        ...a,
        document: {
          ...document,
          status: document.status as DocumentView['status'],
          urgency: document.urgency as DocumentView['urgency'],
        },
        daysLeft: a.deadline
          ? Math.round(
              (Date.parse(`${a.deadline}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000,
            )
          : null,
      }));
    });
  }

  /**
   * The scheduler's daily deadline sweep: per organisation, how many open assignments are overdue and how many fall
   * due within `days` (default 3). No actor: it reads counts only, and its result is what the admin schedule shows.
   */
  deadlineSweep(days = 3): Promise<{
    today: string;
    overdue: number;
    dueSoon: number;
    organisations: Array<{ organisationId: string; overdue: number; dueSoon: number }>;
  }> {
    const today = vietnamDate(this.clock.now());
    const until = addDays(today, Math.min(60, Math.max(0, days)));
    return readOnly(this.ds, async (tx) => {
      const organisations = await this.assignments.countByDeadline(tx, today, until);
      return {
        today,
        overdue: organisations.reduce((n, o) => n + o.overdue, 0),
        dueSoon: organisations.reduce((n, o) => n + o.dueSoon, 0),
        organisations,
      };
    });
  }

  private async checkTarget(em: EntityManager, organisationId: string, target: AssigneeInput): Promise<void> {
    if (!target || !!target.unitId === !!target.userId) {
      throw new DocumentsError(DocumentsErrorCode.INVALID_INPUT, {
        fields: ['assignee'],
        reason: 'give either unitId or userId',
      });
    }
    const ok = target.unitId
      ? await em.exists(OrgUnit, { where: { id: target.unitId, organisationId, active: true } })
      : await em.exists(User, { where: { id: target.userId!, organisationId, active: true } });
    if (!ok)
      throw new DocumentsError(DocumentsErrorCode.INVALID_INPUT, {
        fields: ['assignee'],
        reason: target.unitId ?? target.userId ?? '',
      });
  }
}
