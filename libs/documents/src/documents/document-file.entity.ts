import { randomUUID } from 'node:crypto';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '@kyso/database';

/** What a file version is: the draft, the leader-signed file, the sealed file, or a received file. */
export const FILE_KINDS = ['draft', 'signed', 'sealed', 'received', 'attachment'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

/** The bytes of a file version as blob storage holds them (see DocumentFileStore). */
export interface StoredBytes {
  sha256: string;
  size: number;
  blobKey: string;
  fileName: string;
  contentType: string;
}

/** One version of a document's file. Versions are never overwritten: a new (e.g. signed) file is a new version. */
@Entity('document_files')
export class DocumentFile {
  /**
   * The row of a new version of `documentId` over bytes already in blob storage. The one place a file row is built,
   * so that every flow (drafting, registration, delivery, new versions) records the same columns.
   */
  static fromStored(
    stored: StoredBytes,
    version: {
      documentId: string;
      version: number;
      kind: FileKind;
      createdBy: string | null;
      createdAt: Date;
      signatureStatus?: string | null;
      signatureReport?: string | null;
    },
  ): DocumentFile {
    return {
      id: randomUUID(),
      documentId: version.documentId,
      version: version.version,
      kind: version.kind,
      fileName: stored.fileName,
      contentType: stored.contentType,
      size: stored.size,
      sha256: stored.sha256,
      blobKey: stored.blobKey,
      signatureStatus: version.signatureStatus ?? null,
      signatureReport: version.signatureReport ?? null,
      createdBy: version.createdBy,
      createdAt: version.createdAt,
    };
  }

  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'document_id', type: 'varchar', length: 36 })
  documentId: string;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'varchar', length: 15 })
  kind: FileKind;

  @Column({ name: 'file_name', type: 'varchar', length: 255 })
  fileName: string;

  @Column({ name: 'content_type', type: 'varchar', length: 100 })
  contentType: string;

  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) } })
  size: number;

  /** Lower-case hex SHA-256 of the bytes. */
  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  @Column({ name: 'blob_key', type: 'varchar', length: 200, select: false })
  blobKey: string;

  @Column({ name: 'signature_status', type: 'varchar', length: 20, nullable: true })
  signatureStatus: string | null;

  /** JSON report of the signature check, when one was made. */
  @Column({ name: 'signature_report', type: 'text', nullable: true })
  signatureReport: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 36, nullable: true })
  createdBy: string | null;

  @InstantColumn({ name: 'created_at' })
  createdAt: Date;
}
