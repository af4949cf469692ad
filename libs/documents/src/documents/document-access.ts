import type { EntityManager } from 'typeorm';
import { type Actor, hasRole, Role, visibleOrganisations } from '@kyso/org';
import { writeLock } from '@kyso/database';
import { DocumentsError, DocumentsErrorCode } from '../documents.exception';
import { DocumentRecord } from './document.entity';

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
    ? await em.findOne(DocumentRecord, {
        where: { id, organisationId: actor.organisationId },
        lock: options.lock ? writeLock(em) : undefined,
      })
    : null;
  // After a merger the successor's members read (never change) the documents of the communes it absorbed; the
  // documents keep their original issuer.
  if (!doc && !options.lock && actor.organisationId) {
    const other = await em.findOne(DocumentRecord, { where: { id } });
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
    const assigned = await em
      .createQueryBuilder()
      .select('1')
      .from('assignments', 'a')
      .where('a.document_id = :id AND (a.user_id = :user OR a.unit_id = :unit)', {
        id,
        user: actor.userId,
        unit: actor.unitId ?? '',
      })
      .getRawOne();
    if (assigned) return doc;
  }
  throw new DocumentsError(DocumentsErrorCode.DOCUMENT_NOT_FOUND, { id });
}
