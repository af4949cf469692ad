import { type EntityManager, In } from 'typeorm';
import { DocumentRecord } from '../documents/document.entity';
import { Assignment } from './assignment.entity';

/** What the deadline list shows of an assignment's document. */
export interface AssignedDocumentColumns {
  id: string;
  numberSymbol: string | null;
  subject: string;
  registerNumber: number | null;
  senderName: string | null;
  status: string;
  urgency: string;
}

/** Which open assignments a deadline list shows. */
export interface OpenAssignmentsFilter {
  organisationId: string;
  /** Deadline before this day (`YYYY-MM-DD`). */
  before?: string;
  /** Deadline within these days, inclusive. */
  between?: { from: string; to: string };
  /** Only this person's or their unit's. */
  onlyOf?: { userId: string; unitId: string | null };
}

/** The `assignments` table: who handles an incoming document, with which role and deadline. */
export class AssignmentRepository {
  findInOrganisation(em: EntityManager, id: string, organisationId: string): Promise<Assignment | null> {
    return em.findOne(Assignment, { where: { id, organisationId } });
  }

  /** The document's routing becomes `rows` (the previous one is removed; the audit trail keeps it). */
  async replaceForDocument(em: EntityManager, documentId: string, rows: Assignment[]): Promise<void> {
    await em.delete(Assignment, { documentId });
    await em.insert(Assignment, rows);
  }

  async update(em: EntityManager, id: string, changes: Partial<Assignment>): Promise<void> {
    await em.update(Assignment, { id }, changes);
  }

  listForDocument(em: EntityManager, documentId: string): Promise<Assignment[]> {
    return em.find(Assignment, { where: { documentId }, order: { assignedAt: 'ASC' } });
  }

  /** The lead assignments of the documents (keep `documentIds` to a few hundred: one bound parameter each). */
  listLeads(em: EntityManager, documentIds: string[]): Promise<Assignment[]> {
    return em.find(Assignment, { where: { documentId: In(documentIds), role: 'lead' } });
  }

  /** Whether the document is assigned to the person or to their unit. */
  async isAssignedTo(
    em: EntityManager,
    documentId: string,
    assignee: { userId: string; unitId: string | null },
  ): Promise<boolean> {
    const found = await em
      .createQueryBuilder()
      .select('1')
      .from('assignments', 'a')
      .where('a.document_id = :id AND (a.user_id = :user OR a.unit_id = :unit)', {
        id: documentId,
        user: assignee.userId,
        unit: assignee.unitId ?? '',
      })
      .getRawOne();
    return !!found;
  }

  /**
   * Open (not done, not for-information) assignments per organisation: how many are overdue (deadline before
   * `today`) and how many fall due from `today` to `until` inclusive.
   */
  async countByDeadline(
    em: EntityManager,
    today: string,
    until: string,
  ): Promise<Array<{ organisationId: string; overdue: number; dueSoon: number }>> {
    const raw = await em
      .createQueryBuilder(Assignment, 'a')
      .select('a.organisation_id', 'organisationId')
      .addSelect('SUM(CASE WHEN a.deadline < :today THEN 1 ELSE 0 END)', 'overdue')
      .addSelect('SUM(CASE WHEN a.deadline >= :today AND a.deadline <= :until THEN 1 ELSE 0 END)', 'dueSoon')
      .where("a.status <> 'done'")
      .andWhere("a.role <> 'info'")
      .andWhere('a.deadline IS NOT NULL AND a.deadline <= :until')
      .setParameters({ today, until })
      .groupBy('a.organisation_id')
      .orderBy('a.organisation_id')
      .getRawMany<{ organisationId: string; overdue: string | number; dueSoon: string | number }>();
    return raw.map((r) => ({
      organisationId: r.organisationId,
      overdue: Number(r.overdue),
      dueSoon: Number(r.dueSoon),
    }));
  }

  /** Open (not done, not for-information) assignments by deadline, with their documents; at most 500. */
  async listOpen(
    em: EntityManager,
    filter: OpenAssignmentsFilter,
  ): Promise<Array<{ assignment: Assignment; document: AssignedDocumentColumns }>> {
    const qb = em
      .createQueryBuilder(Assignment, 'a')
      .innerJoin(DocumentRecord, 'd', 'd.id = a.document_id')
      .addSelect([
        'd.id',
        'd.numberSymbol',
        'd.subject',
        'd.registerNumber',
        'd.senderName',
        'd.status',
        'd.urgency',
      ])
      .where('a.organisation_id = :org', { org: filter.organisationId })
      .andWhere("a.status <> 'done'")
      .andWhere("a.role <> 'info'");
    if (filter.before) qb.andWhere('a.deadline < :today', { today: filter.before });
    if (filter.between)
      qb.andWhere('a.deadline >= :today AND a.deadline <= :until', {
        today: filter.between.from,
        until: filter.between.to,
      });
    if (filter.onlyOf)
      qb.andWhere('(a.user_id = :me OR a.unit_id = :myUnit)', {
        me: filter.onlyOf.userId,
        myUnit: filter.onlyOf.unitId ?? '',
      });
    const raw = await qb
      .orderBy('a.deadline', 'ASC')
      .addOrderBy('a.assigned_at', 'ASC')
      .limit(500)
      .getRawAndEntities();
    return raw.entities.map((assignment, i) => {
      const r = raw.raw[i] as Record<string, unknown>;
      return {
        assignment,
        document: {
          id: r.d_id as string,
          numberSymbol: (r.d_number_symbol as string | null) ?? null,
          subject: r.d_subject as string,
          registerNumber: r.d_register_number === null ? null : Number(r.d_register_number),
          senderName: (r.d_sender_name as string | null) ?? null,
          status: r.d_status as string,
          urgency: r.d_urgency as string,
        },
      };
    });
  }
}
