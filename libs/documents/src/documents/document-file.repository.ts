import type { EntityManager } from 'typeorm';
import { DocumentFile } from './document-file.entity';

/** Every column, the blob key included (it is not selected by default, so that views never carry it). */
const ALL_COLUMNS = {
  id: true,
  documentId: true,
  version: true,
  kind: true,
  fileName: true,
  contentType: true,
  size: true,
  sha256: true,
  blobKey: true,
  signatureStatus: true,
  signatureReport: true,
  createdBy: true,
  createdAt: true,
} as const;

/** The `document_files` table: the versions of a document's file, never overwritten. */
export class DocumentFileRepository {
  async insertFile(em: EntityManager, row: DocumentFile): Promise<void> {
    await em.insert(DocumentFile, row);
  }

  /** The highest version number of the document's files, 0 when it has none. */
  async lastVersionNumber(em: EntityManager, documentId: string): Promise<number> {
    const last = await em.findOne(DocumentFile, {
      where: { documentId },
      order: { version: 'DESC' },
      select: { version: true },
    });
    return last?.version ?? 0;
  }

  /** The given version of the document's file, or its latest when none is given; with its blob key. */
  findVersion(em: EntityManager, documentId: string, version?: number): Promise<DocumentFile | null> {
    return em.findOne(DocumentFile, {
      where: version ? { documentId, version } : { documentId },
      order: { version: 'DESC' },
      select: ALL_COLUMNS,
    });
  }

  /** All versions, oldest first, without blob keys. */
  listForDocument(em: EntityManager, documentId: string): Promise<DocumentFile[]> {
    return em.find(DocumentFile, { where: { documentId }, order: { version: 'ASC' } });
  }

  hasAny(em: EntityManager, documentId: string): Promise<boolean> {
    return em.exists(DocumentFile, { where: { documentId } });
  }
}
