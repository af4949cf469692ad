import { type EntityManager, In, MoreThan } from 'typeorm';
import { DocumentRecipient } from './document-recipient.entity';

/** The `document_recipients` table: the nơi nhận of outgoing documents and what became of each delivery. */
export class DocumentRecipientRepository {
  async insertMany(em: EntityManager, recipients: DocumentRecipient[]): Promise<void> {
    if (recipients.length) await em.insert(DocumentRecipient, recipients);
  }

  async update(em: EntityManager, id: string, changes: Partial<DocumentRecipient>): Promise<void> {
    await em.update(DocumentRecipient, { id }, changes);
  }

  /** Recipients not yet sent to, in the order they were added. */
  listPending(em: EntityManager, documentId: string): Promise<DocumentRecipient[]> {
    return em.find(DocumentRecipient, {
      where: { documentId, status: 'pending' },
      order: { createdAt: 'ASC' },
    });
  }

  listForDocument(em: EntityManager, documentId: string): Promise<DocumentRecipient[]> {
    return em.find(DocumentRecipient, { where: { documentId }, order: { createdAt: 'ASC' } });
  }

  /** The recipients of the documents (keep `documentIds` to a few hundred: one bound parameter each). */
  listForDocuments(em: EntityManager, documentIds: string[]): Promise<DocumentRecipient[]> {
    return em.find(DocumentRecipient, { where: { documentId: In(documentIds) } });
  }

  /** The sender's entry for the copy `deliveredDocumentId` says the receiver refused it. */
  async markRefused(em: EntityManager, sourceDocumentId: string, deliveredDocumentId: string): Promise<void> {
    await em.update(
      DocumentRecipient,
      { documentId: sourceDocumentId, deliveredDocumentId },
      { status: 'refused' },
    );
  }

  /** Every delivered entry of the document is recalled. */
  async markRecalled(em: EntityManager, documentId: string): Promise<void> {
    await em.update(DocumentRecipient, { documentId, status: 'delivered' }, { status: 'recalled' });
  }

  /** The delivered recipient whose download link has this token hash and has not expired at `now`. */
  findByDownloadToken(em: EntityManager, tokenHash: string, now: Date): Promise<DocumentRecipient | null> {
    return em.findOne(DocumentRecipient, {
      where: { downloadTokenHash: tokenHash, downloadExpiresAt: MoreThan(now), status: 'delivered' },
    });
  }
}
