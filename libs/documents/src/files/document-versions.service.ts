import type { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import {
  type Actor,
  type AuditRecorder,
  type Clock,
  hasRole,
  requireRole,
  Role,
  documentEvent,
} from '@kyso/org';
import { unitOfWork, type TransactionRunner, readOnly } from '@kyso/database';
import type { BlobStore } from '@kyso/storage';
import { DocumentsError, DocumentsErrorCode } from '../documents.exception';
import { requireVisibleDocument } from '../documents/document-access';
import { DocumentFile, type FileKind } from '../documents/document-file.entity';
import { DocumentFileRepository } from '../documents/document-file.repository';
import { IncomingStatus, OutgoingStatus } from '../documents/document-status';
import { toFileView, type FileView } from '../documents/document-view';
import type { DocumentRecord } from '../documents/document.entity';
import type { DocumentFileStore } from './document-file-store';
import type { UploadedFile } from './uploaded-file';

/** Which file kinds may be added in which state, and by whom. */
const RULES: Array<{ kind: FileKind; statuses: string[]; roles: Role[] }> = [
  {
    kind: 'draft',
    statuses: [OutgoingStatus.DRAFT, OutgoingStatus.IN_REVIEW],
    roles: [Role.OFFICER, Role.CLERK, Role.LEADER],
  },
  {
    kind: 'signed',
    statuses: [OutgoingStatus.IN_REVIEW, OutgoingStatus.SIGNED],
    roles: [Role.LEADER, Role.CLERK],
  },
  { kind: 'sealed', statuses: [OutgoingStatus.ISSUED, OutgoingStatus.SEALED], roles: [Role.CLERK] },
  {
    kind: 'attachment',
    statuses: [
      OutgoingStatus.DRAFT,
      OutgoingStatus.IN_REVIEW,
      IncomingStatus.REGISTERED,
      IncomingStatus.ASSIGNED,
      IncomingStatus.IN_PROGRESS,
    ],
    roles: [Role.CLERK, Role.OFFICER, Role.LEADER],
  },
];

/**
 * File versions of a document. Every upload is a new version with its SHA-256; nothing is overwritten, so the draft,
 * the leader-signed file and the sealed file all stay available (and the signatures on them verifiable).
 */
export class DocumentVersionsService {
  private readonly documentFiles = new DocumentFileRepository();

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditRecorder,
    private readonly files: DocumentFileStore,
    private readonly blobs: BlobStore,
  ) {}

  async addVersion(
    actor: Actor,
    documentId: string,
    file: UploadedFile,
    kind: FileKind,
    runner?: TransactionRunner,
  ): Promise<FileView> {
    const rule = RULES.find((r) => r.kind === kind);
    if (!rule)
      throw new DocumentsError(DocumentsErrorCode.INVALID_INPUT, { fields: ['kind'], reason: 'kind' });
    requireRole(actor, ...rule.roles);
    const stored = await this.files.store(file);
    return unitOfWork(this.ds, runner, async (tx) => {
      // The row lock orders concurrent uploads to one document, so version numbers never collide.
      const doc = await requireVisibleDocument(tx, actor, documentId, { lock: true });
      if (!rule.statuses.includes(doc.status))
        throw new DocumentsError(DocumentsErrorCode.INVALID_STATE, { status: doc.status, kind });
      if (kind === 'draft' && !this.mayEditDraft(actor, doc))
        throw new DocumentsError(DocumentsErrorCode.FORBIDDEN);
      const last = await this.documentFiles.lastVersionNumber(tx, documentId);
      const now = this.clock.now();
      const row = DocumentFile.fromStored(stored, {
        documentId,
        version: last + 1,
        kind,
        createdBy: actor.userId,
        createdAt: now,
      });
      await this.documentFiles.insertFile(tx, row);
      await this.audit.record(
        tx,
        documentEvent(doc, actor.userId, 'document.version-added', {
          version: row.version,
          kind,
          sha256: row.sha256,
          size: row.size,
        }),
        now,
      );
      return toFileView(row);
    });
  }

  /** Opens a version (the latest when none is named) for download. */
  async open(
    actor: Actor,
    documentId: string,
    version?: number,
  ): Promise<{ file: FileView; stream: Readable }> {
    const file = await readOnly(this.ds, async (tx) => {
      await requireVisibleDocument(tx, actor, documentId);
      return this.documentFiles.findVersion(tx, documentId, version);
    });
    if (!file) throw new DocumentsError(DocumentsErrorCode.FILE_NOT_FOUND, { documentId, version });
    return { file: toFileView(file), stream: this.blobs.openRead(file.blobKey) };
  }

  private mayEditDraft(actor: Actor, doc: DocumentRecord): boolean {
    return doc.createdBy === actor.userId || hasRole(actor, Role.CLERK, Role.LEADER);
  }
}
