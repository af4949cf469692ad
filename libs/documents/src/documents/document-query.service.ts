import type { DataSource } from 'typeorm';
import { type Actor, requireRole, Role, visibleOrganisations } from '@kyso/org';
import { readOnly } from '@kyso/database';
import { AssignmentRepository } from '../assignments/assignment.repository';
import { ProcessingEventRepository } from '../assignments/processing-event.repository';
import { requireVisibleDocument, seesWholeOrganisation } from './document-access';
import { DocumentFileRepository } from './document-file.repository';
import { DocumentRecipientRepository } from './document-recipient.repository';
import { toFileView, toRecipientView, toView, type DocumentDetail, type DocumentView } from './document-view';
import { type DocumentCriteria, DocumentRepository } from './document.repository';

export interface DocumentFilter extends DocumentCriteria {
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
  private readonly documents = new DocumentRepository();
  private readonly documentFiles = new DocumentFileRepository();
  private readonly recipients = new DocumentRecipientRepository();
  private readonly assignments = new AssignmentRepository();
  private readonly history = new ProcessingEventRepository();

  constructor(private readonly ds: DataSource) {}

  get(actor: Actor, id: string): Promise<DocumentDetail> {
    requireRole(actor, Role.CLERK, Role.LEADER, Role.OFFICER);
    return readOnly(this.ds, async (tx) => {
      const doc = await requireVisibleDocument(tx, actor, id);
      // One connection per transaction: the queries run one after the other.
      const files = await this.documentFiles.listForDocument(tx, id);
      const recipients = await this.recipients.listForDocument(tx, id);
      const assignments = await this.assignments.listForDocument(tx, id);
      const events = await this.history.listForDocument(tx, id);
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
      const [items, total] = await this.documents.search(tx, {
        ...filter,
        organisationIds: orgs,
        onlyOf: seesWholeOrganisation(actor) ? undefined : { userId: actor.userId, unitId: actor.unitId },
        skip: (page - 1) * pageSize,
        take: pageSize,
      });
      return { items: items.map(toView), total, page, pageSize };
    });
  }
}
