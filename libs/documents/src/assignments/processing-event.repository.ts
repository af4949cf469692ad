import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { ProcessingEvent } from './processing-event.entity';

/** One handling event as the flows describe it; the repository gives it its id and defaults. */
export interface NewProcessingEvent {
  documentId: string;
  organisationId: string;
  kind: string;
  actorId: string | null;
  at: Date;
  assignmentId?: string | null;
  note?: string | null;
  percent?: number | null;
}

/** The `processing_events` table: the handling history users see on a document, append-only. */
export class ProcessingEventRepository {
  async append(em: EntityManager, event: NewProcessingEvent): Promise<void> {
    await em.insert(ProcessingEvent, {
      id: randomUUID(),
      documentId: event.documentId,
      organisationId: event.organisationId,
      assignmentId: event.assignmentId ?? null,
      kind: event.kind,
      actorId: event.actorId,
      note: event.note ?? null,
      percent: event.percent ?? null,
      at: event.at,
    });
  }

  listForDocument(em: EntityManager, documentId: string): Promise<ProcessingEvent[]> {
    return em.find(ProcessingEvent, { where: { documentId }, order: { at: 'ASC' } });
  }
}
