import type { EntityManager } from 'typeorm';
import { rows, sqlWithLists } from '@kyso/database';
import { MAIN_KINDS } from '../augmentation/document-augmenter';

/** The file a batch verifies for one document. */
export interface BatchDocument {
  documentId: string;
  organisationId: string;
  fileId: string;
  version: number;
  kind: string;
  fileName: string;
  blobKey: string;
}

type Row = {
  document_id: string;
  organisation_id: string;
  file_id: string;
  version: number | string;
  kind: string;
  file_name: string;
  blob_key: string;
};

/**
 * Every document of the organisations that had a signed, sealed or received PDF at `asOf`, with its latest such
 * file (an archive augmentation adds a newer version of the same kind, which is then the one verified). Drafts and
 * attachments are not verified: one result per document. `asOf` fixes the scope at request time, so a batch started
 * again after a crash verifies the same files, and documents stored meanwhile belong to the next batch.
 */
export async function listBatchDocuments(
  em: EntityManager,
  organisationIds: readonly string[],
  asOf: Date,
): Promise<BatchDocument[]> {
  const q = sqlWithLists(em);
  const kinds = [...MAIN_KINDS];
  const at = asOf.toISOString();
  const found = await rows<Row>(
    em,
    q`SELECT f.document_id, d.organisation_id, f.id AS file_id, f.version, f.kind, f.file_name, f.blob_key
      FROM document_files f JOIN documents d ON d.id = f.document_id
      WHERE d.organisation_id IN ${[...organisationIds]} AND f.content_type = ${'application/pdf'}
        AND f.kind IN ${kinds} AND f.created_at <= ${at}
        AND f.version = (SELECT MAX(g.version) FROM document_files g
                         WHERE g.document_id = f.document_id AND g.content_type = ${'application/pdf'}
                           AND g.kind IN ${kinds} AND g.created_at <= ${at})
      ORDER BY d.organisation_id, f.document_id`,
  );
  return found.map((r) => ({
    documentId: r.document_id,
    organisationId: r.organisation_id,
    fileId: r.file_id,
    version: Number(r.version),
    kind: r.kind,
    fileName: r.file_name,
    blobKey: r.blob_key,
  }));
}
