import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Organisation } from '@kyso/org';
import { DocumentsError, DocumentsErrorCode } from '../documents.exception';
import { DocumentRecipient } from '../documents/document-recipient.entity';

/** A nơi nhận: an organisation on this kyso (delivered directly) or anyone else (by download link). */
export interface RecipientInput {
  organisationId?: string | null;
  name?: string | null;
  email?: string | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Turns recipient inputs into pending recipient rows, checking that internal organisations exist. */
export async function buildRecipients(
  em: EntityManager,
  senderOrganisationId: string,
  documentId: string,
  inputs: RecipientInput[],
  now: Date,
): Promise<DocumentRecipient[]> {
  const out: DocumentRecipient[] = [];
  for (const input of inputs) {
    const base = {
      id: randomUUID(),
      documentId,
      status: 'pending' as const,
      deliveredDocumentId: null,
      downloadTokenHash: null,
      downloadExpiresAt: null,
      dispatchedAt: null,
      createdAt: now,
    };
    if (input.organisationId) {
      if (input.organisationId === senderOrganisationId)
        throw new DocumentsError(DocumentsErrorCode.RECIPIENT_INVALID, { reason: 'own organisation' });
      const org = await em.findOne(Organisation, { where: { id: input.organisationId } });
      if (!org)
        throw new DocumentsError(DocumentsErrorCode.RECIPIENT_INVALID, {
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
