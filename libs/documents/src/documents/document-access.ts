import type { EntityManager } from 'typeorm';
import { type Actor, hasRole, Role, visibleOrganisations } from '@kyso/org';
import { AssignmentRepository } from '../assignments/assignment.repository';
import { DocumentsError, DocumentsErrorCode } from '../documents.exception';
import type { DocumentRecord } from './document.entity';
import { DocumentRepository } from './document.repository';

const documents = new DocumentRepository();
const assignments = new AssignmentRepository();

/**
 * Who sees a document: only members of its organisation. Clerks and leaders see all of them; officers see what they
 * drafted and what is assigned to them or to their unit. Anything else answers "not found", so that document ids of
 * another organisation cannot even be confirmed to exist.
 */
export function seesWholeOrganisation(actor: Actor): boolean {
  return hasRole(actor, Role.CLERK, Role.LEADER);
}

export async function requireVisibleDocument(
  em: EntityManager,
  actor: Actor,
  id: string,
  options: { lock?: boolean } = {},
): Promise<DocumentRecord> {
  let doc = actor.organisationId
    ? await documents.findInOrganisation(em, id, actor.organisationId, options)
    : null;
  // After a merger the successor's members read (never change) the documents of the communes it absorbed; the
  // documents keep their original issuer.
  if (!doc && !options.lock && actor.organisationId) {
    const other = await documents.findById(em, id);
    if (
      other &&
      (await visibleOrganisations(em, actor.organisationId, new Date())).includes(other.organisationId)
    )
      doc = other;
  }
  if (!doc) throw new DocumentsError(DocumentsErrorCode.DOCUMENT_NOT_FOUND, { id });
  if (seesWholeOrganisation(actor)) return doc;
  if (hasRole(actor, Role.OFFICER)) {
    if (doc.createdBy === actor.userId) return doc;
    if (await assignments.isAssignedTo(em, id, { userId: actor.userId, unitId: actor.unitId })) return doc;
  }
  throw new DocumentsError(DocumentsErrorCode.DOCUMENT_NOT_FOUND, { id });
}
