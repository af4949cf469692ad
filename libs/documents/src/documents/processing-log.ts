import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { ProcessingEvent } from '../assignments/processing-event.entity';

/** Appends one handling event (the history users see on a document). */
export async function logProcessing(
  em: EntityManager,
  event: {
    documentId: string;
    organisationId: string;
    kind: string;
    actorId: string | null;
    at: Date;
    assignmentId?: string | null;
    note?: string | null;
    percent?: number | null;
  },
): Promise<void> {
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
