import type { DataSource } from 'typeorm';
import { type Actor, requireRole, Role, visibleOrganisations } from '@kyso/org';
import { readOnly } from '@kyso/database';
import { Assignment } from '../assignments/assignment.entity';
import { ProcessingEvent } from '../assignments/processing-event.entity';
import { escapeLike, searchTerms } from '../search/search-text';
import { requireVisibleDocument, seesWholeOrganisation } from './document-access';
import { DocumentFile } from './document-file.entity';
import { DocumentRecipient } from './document-recipient.entity';
import type { DocumentDirection } from './document-status';
import { toFileView, toRecipientView, toView, type DocumentDetail, type DocumentView } from './document-view';
import { DocumentRecord } from './document.entity';

export interface DocumentFilter {
  /** Words to find in subject, number/symbol, sender and signer, ignoring diacritics and case. */
  q?: string;
  direction?: DocumentDirection;
  typeCode?: string;
  registerId?: string;
  status?: string;
  /** Arrival date for incoming, document date for outgoing; `YYYY-MM-DD`, inclusive. */
  dateFrom?: string;
  dateTo?: string;
  assigneeUserId?: string;
  assigneeUnitId?: string;
  page?: number;
  pageSize?: number;
}

export interface DocumentPage {
  items: DocumentView[];
  total: number;
  page: number;
  pageSize: number;
}

/** Reading documents: one with its files, recipients, assignments and history; or a filtered, searched page. */
export class DocumentQueryService {
  constructor(private readonly ds: DataSource) {}

  get(actor: Actor, id: string): Promise<DocumentDetail> {
    requireRole(actor, Role.CLERK, Role.LEADER, Role.OFFICER);
    return readOnly(this.ds, async (tx) => {
      const doc = await requireVisibleDocument(tx, actor, id);
      // One connection per transaction: the queries run one after the other.
      const files = await tx.find(DocumentFile, { where: { documentId: id }, order: { version: 'ASC' } });
      const recipients = await tx.find(DocumentRecipient, {
        where: { documentId: id },
        order: { createdAt: 'ASC' },
      });
      const assignments = await tx.find(Assignment, {
        where: { documentId: id },
        order: { assignedAt: 'ASC' },
      });
      const events = await tx.find(ProcessingEvent, { where: { documentId: id }, order: { at: 'ASC' } });
      return {
        ...toView(doc),
        files: files.map(toFileView),
        recipients: recipients.map(toRecipientView),
        assignments,
        events,
      };
    });
  }

  search(actor: Actor, filter: DocumentFilter): Promise<DocumentPage> {
    requireRole(actor, Role.CLERK, Role.LEADER, Role.OFFICER);
    const page = Math.max(1, filter.page ?? 1);
    const pageSize = Math.min(200, Math.max(1, filter.pageSize ?? 20));
    return readOnly(this.ds, async (tx) => {
      // A successor's members also find the documents of the organisations it absorbed (lineage).
      const orgs = actor.organisationId
        ? await visibleOrganisations(tx, actor.organisationId, new Date())
        : [''];
      const qb = tx
        .createQueryBuilder(DocumentRecord, 'd')
        .where('d.organisation_id IN (:...orgs)', { orgs });
      searchTerms(filter.q ?? '').forEach((term, i) => {
        qb.andWhere(`d.search_text LIKE :t${i} ESCAPE '\\'`, { [`t${i}`]: `%${escapeLike(term)}%` });
      });
      if (filter.direction) qb.andWhere('d.direction = :direction', { direction: filter.direction });
      if (filter.typeCode) qb.andWhere('d.type_code = :typeCode', { typeCode: filter.typeCode });
      if (filter.registerId) qb.andWhere('d.register_id = :registerId', { registerId: filter.registerId });
      if (filter.status) qb.andWhere('d.status = :status', { status: filter.status });
      const day = "(CASE WHEN d.direction = 'incoming' THEN d.arrival_date ELSE d.document_date END)";
      if (filter.dateFrom) qb.andWhere(`${day} >= :dateFrom`, { dateFrom: filter.dateFrom });
      if (filter.dateTo) qb.andWhere(`${day} <= :dateTo`, { dateTo: filter.dateTo });
      if (filter.assigneeUserId) {
        qb.andWhere(
          'EXISTS (SELECT 1 FROM assignments a1 WHERE a1.document_id = d.id AND a1.user_id = :assigneeUserId)',
          { assigneeUserId: filter.assigneeUserId },
        );
      }
      if (filter.assigneeUnitId) {
        qb.andWhere(
          'EXISTS (SELECT 1 FROM assignments a2 WHERE a2.document_id = d.id AND a2.unit_id = :assigneeUnitId)',
          { assigneeUnitId: filter.assigneeUnitId },
        );
      }
      if (!seesWholeOrganisation(actor)) {
        qb.andWhere(
          '(d.created_by = :me OR EXISTS (SELECT 1 FROM assignments a3 WHERE a3.document_id = d.id AND (a3.user_id = :me OR a3.unit_id = :myUnit)))',
          { me: actor.userId, myUnit: actor.unitId ?? '' },
        );
      }
      const [items, total] = await qb
        .orderBy('d.created_at', 'DESC')
        .addOrderBy('d.id', 'ASC')
        .skip((page - 1) * pageSize)
        .take(pageSize)
        .getManyAndCount();
      return { items: items.map(toView), total, page, pageSize };
    });
  }
}
