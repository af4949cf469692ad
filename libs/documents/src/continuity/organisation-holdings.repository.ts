import { type EntityManager, In, Not } from 'typeorm';
import type {
  AssignmentMove,
  DocumentMove,
  HeldAssignment,
  HeldDocument,
  HeldDocumentStage,
  HeldRegister,
  OrganisationHoldings,
} from '@kyso/org';
import { Assignment, type AssignmentStatus } from '../assignments/assignment.entity';
import { ProcessingEventRepository } from '../assignments/processing-event.repository';
import { DocumentFile, type FileKind } from '../documents/document-file.entity';
import { IncomingStatus, OutgoingStatus } from '../documents/document-status';
import { DocumentRecord } from '../documents/document.entity';
import { Register } from '../registers/register.entity';

/** Incoming work still in flight: arrived, registered, assigned, in progress. */
const OPEN_INCOMING: readonly IncomingStatus[] = [
  IncomingStatus.ARRIVED,
  IncomingStatus.REGISTERED,
  IncomingStatus.ASSIGNED,
  IncomingStatus.IN_PROGRESS,
];
/** Outgoing documents not yet numbered: they continue under the successor's numbering. */
const DRAFTS: readonly OutgoingStatus[] = [OutgoingStatus.DRAFT, OutgoingStatus.IN_REVIEW];
/** Signed or numbered by their organisation but not dispatched. */
const UNDISPATCHED: readonly OutgoingStatus[] = [
  OutgoingStatus.SIGNED,
  OutgoingStatus.ISSUED,
  OutgoingStatus.SEALED,
];
/** File versions that carry (or came with) signatures the archive keeps verifiable. */
const SIGNED_FILE_KINDS: readonly FileKind[] = ['signed', 'sealed', 'received', 'attachment'];
const DONE: AssignmentStatus = 'done';

/** An incoming document that has arrived (01) and is not registered yet. */
export interface ArrivedDocument {
  id: string;
  organisationId: string;
  arrivedAt: Date | null;
  createdAt: Date;
}

const ARRIVED_FIELDS = { id: true, organisationId: true, arrivedAt: true, createdAt: true } as const;

function stageOf(doc: Pick<DocumentRecord, 'direction' | 'status'>): HeldDocumentStage {
  if (doc.direction === 'incoming') return 'incoming';
  return (DRAFTS as readonly string[]).includes(doc.status) ? 'draft' : 'undispatched';
}

/**
 * The documents domain's side of a reorganisation: what organisations hold in registers, documents and assignments,
 * read and moved with the domain's own status codes. Implements libs/org's `OrganisationHoldings` port; the arrival
 * queries serve `ArrivalRouter`. Stateless: every method runs in the caller's transaction.
 */
export class OrganisationHoldingsRepository implements OrganisationHoldings {
  private readonly events = new ProcessingEventRepository();

  async registers(em: EntityManager, organisationIds: string[]): Promise<HeldRegister[]> {
    if (organisationIds.length === 0) return [];
    const found = await em.find(Register, {
      where: { organisationId: In(organisationIds) },
      order: { organisationId: 'ASC', year: 'ASC', kind: 'ASC', series: 'ASC' },
    });
    return found.map((r) => ({
      id: r.id,
      organisationId: r.organisationId,
      kind: r.kind,
      year: Number(r.year),
      series: r.series,
      name: r.name,
      lastNumber: Number(r.nextNumber) - 1,
      closed: r.closedAt !== null,
    }));
  }

  async openDocuments(em: EntityManager, organisationIds: string[]): Promise<HeldDocument[]> {
    if (organisationIds.length === 0) return [];
    const organisationId = In(organisationIds);
    const found = await em.find(DocumentRecord, {
      select: {
        id: true,
        organisationId: true,
        direction: true,
        status: true,
        registerNumber: true,
        numberSymbol: true,
        subject: true,
        dueDate: true,
        draftingUnitId: true,
      },
      where: [
        { organisationId, direction: 'incoming', status: In(OPEN_INCOMING) },
        { organisationId, direction: 'outgoing', status: In([...DRAFTS, ...UNDISPATCHED]) },
      ],
      order: { id: 'ASC' },
    });
    return found.map((d) => ({
      id: d.id,
      organisationId: d.organisationId,
      direction: d.direction,
      status: d.status,
      stage: stageOf(d),
      registerNumber: d.registerNumber === null ? null : Number(d.registerNumber),
      numberSymbol: d.numberSymbol,
      subject: d.subject,
      dueDate: d.dueDate,
      draftingUnitId: d.draftingUnitId,
    }));
  }

  async openAssignments(em: EntityManager, organisationIds: string[]): Promise<HeldAssignment[]> {
    if (organisationIds.length === 0) return [];
    const found = await em.find(Assignment, {
      where: { organisationId: In(organisationIds), status: Not(DONE) },
      order: { id: 'ASC' },
    });
    return found.map((a) => ({
      id: a.id,
      documentId: a.documentId,
      role: a.role,
      status: a.status,
      unitId: a.unitId,
      userId: a.userId,
      deadline: a.deadline,
    }));
  }

  async openAssignmentsOfUnit(em: EntityManager, unitId: string): Promise<string[]> {
    const found = await em.find(Assignment, {
      select: { id: true },
      where: { unitId, status: Not(DONE) },
      order: { id: 'ASC' },
    });
    return found.map((a) => a.id);
  }

  async countSignedDocuments(em: EntityManager, organisationIds: string[]): Promise<number> {
    if (organisationIds.length === 0) return 0;
    return em
      .createQueryBuilder(DocumentRecord, 'd')
      .innerJoin(DocumentFile, 'f', 'f.documentId = d.id')
      .where('d.organisationId IN (:...organisationIds)', { organisationIds })
      .andWhere('f.kind IN (:...kinds)', { kinds: SIGNED_FILE_KINDS })
      .getCount();
  }

  async closeRegisters(em: EntityManager, organisationIds: string[], at: Date): Promise<number> {
    if (organisationIds.length === 0) return 0;
    // A query builder, not `em.update`: the instant column's transformer would be handed the IsNull operator.
    const closed = await em
      .createQueryBuilder()
      .update(Register)
      .set({ closedAt: at })
      .where('organisation_id IN (:...organisationIds)', { organisationIds })
      .andWhere('closed_at IS NULL')
      .execute();
    return closed.affected ?? 0;
  }

  async moveDocument(em: EntityManager, move: DocumentMove): Promise<number> {
    const moved = await em.update(
      DocumentRecord,
      { id: move.documentId, organisationId: move.from },
      move.draft
        ? {
            organisationId: move.to,
            registerId: null,
            draftingUnitId: move.draft.draftingUnitId,
            updatedAt: move.at,
          }
        : { organisationId: move.to, updatedAt: move.at },
    );
    const count = moved.affected ?? 0;
    if (count > 0)
      await this.events.append(em, {
        documentId: move.documentId,
        organisationId: move.to,
        kind: move.event.kind,
        actorId: move.event.actorId,
        note: move.event.note,
        at: move.at,
      });
    return count;
  }

  async moveAssignment(em: EntityManager, move: AssignmentMove): Promise<number> {
    const moved = await em.update(
      Assignment,
      { id: move.id },
      { organisationId: move.organisationId, unitId: move.unitId, updatedAt: move.at },
    );
    return moved.affected ?? 0;
  }

  /** The document if it is incoming and has arrived (01), else null. */
  async arrivalOf(em: EntityManager, documentId: string): Promise<ArrivedDocument | null> {
    return em.findOne(DocumentRecord, {
      select: ARRIVED_FIELDS,
      where: { id: documentId, direction: 'incoming', status: IncomingStatus.ARRIVED },
    });
  }

  /** The arrived (01) incoming documents of these organisations, by id. */
  async arrivalsOf(em: EntityManager, organisationIds: string[]): Promise<ArrivedDocument[]> {
    if (organisationIds.length === 0) return [];
    return em.find(DocumentRecord, {
      select: ARRIVED_FIELDS,
      where: { organisationId: In(organisationIds), direction: 'incoming', status: IncomingStatus.ARRIVED },
      order: { id: 'ASC' },
    });
  }
}
