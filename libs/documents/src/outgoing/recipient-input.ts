import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Organisation } from '@kyso/org';
import { DocumentsError, DocumentsErrorCode } from '../documents.exception';
import { DocumentRecipient, type RoutedFrom } from '../documents/document-recipient.entity';
import type { AddresseeRouting, ArrivalRouter } from '../incoming/arrival-router';

/**
 * A nơi nhận: an organisation on this kyso, by id or by identification code (delivered directly, to its successor
 * if it has ceased), or anyone else (by download link).
 */
export interface RecipientInput {
  organisationId?: string | null;
  /** An identification code the organisation holds or held (`000.00.91.H99`), resolved through the lineage. */
  code?: string | null;
  name?: string | null;
  email?: string | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function routedFrom(routing: AddresseeRouting): RoutedFrom {
  return {
    organisationId: routing.from.id,
    name: routing.from.name,
    code: routing.from.code,
    kind: routing.reason.kind,
    effectiveDate: routing.reason.effectiveDate,
  };
}

/**
 * Turns recipient inputs into pending recipient rows, checking that internal organisations exist. A code is
 * resolved through the lineage on `now` (`router`): the row names whoever receives it then, and `routedFrom` the
 * organisation the code named when that is another. Problems name their field (`recipients.<i>.code`).
 */
export async function buildRecipients(
  em: EntityManager,
  senderOrganisationId: string,
  documentId: string,
  inputs: RecipientInput[],
  now: Date,
  router?: ArrivalRouter,
): Promise<DocumentRecipient[]> {
  const out: DocumentRecipient[] = [];
  for (const [i, input] of inputs.entries()) {
    const base = {
      id: randomUUID(),
      documentId,
      status: 'pending' as const,
      deliveredDocumentId: null,
      downloadTokenHash: null,
      downloadExpiresAt: null,
      dispatchedAt: null,
      routedFrom: null,
      createdAt: now,
    };
    if (input.code) {
      const code = input.code.trim().toUpperCase();
      const target = router ? await router.resolveDelivery(em, code, now) : undefined;
      if (!target)
        throw new DocumentsError(DocumentsErrorCode.RECIPIENT_CODE_UNKNOWN, {
          fields: [`recipients.${i}.code`],
          code,
        });
      if (target.organisation.id === senderOrganisationId)
        throw new DocumentsError(DocumentsErrorCode.RECIPIENT_INVALID, {
          fields: [`recipients.${i}.code`],
          reason: 'own organisation',
        });
      if (out.some((r) => r.organisationId === target.organisation.id)) continue;
      out.push({
        ...base,
        delivery: 'internal',
        organisationId: target.organisation.id,
        name: target.organisation.name,
        email: null,
        routedFrom: target.routing ? routedFrom(target.routing) : null,
      });
    } else if (input.organisationId) {
      if (input.organisationId === senderOrganisationId)
        throw new DocumentsError(DocumentsErrorCode.RECIPIENT_INVALID, { reason: 'own organisation' });
      const org = await em.findOne(Organisation, { where: { id: input.organisationId } });
      if (!org)
        throw new DocumentsError(DocumentsErrorCode.RECIPIENT_INVALID, {
          fields: [`recipients.${i}.organisationId`],
          organisationId: input.organisationId,
        });
      if (out.some((r) => r.organisationId === org.id)) continue;
      out.push({ ...base, delivery: 'internal', organisationId: org.id, name: org.name, email: null });
    } else if (input.name?.trim() && input.name.length <= 300 && (!input.email || EMAIL.test(input.email))) {
      out.push({
        ...base,
        delivery: 'external',
        organisationId: null,
        name: input.name.trim(),
        email: input.email ?? null,
      });
    } else {
      throw new DocumentsError(DocumentsErrorCode.RECIPIENT_INVALID);
    }
  }
  return out;
}
