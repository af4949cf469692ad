import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  type Actor,
  type AuditRecorder,
  type Clock,
  hasRole,
  memberOrganisation,
  OrgUnit,
  requireRole,
  Role,
  UserService,
  documentEvent,
} from '@kyso/org';
import { unitOfWork, type TransactionRunner } from '@kyso/database';
import { DocumentTypeService } from '../document-types/document-type.service';
import { DocumentsError, DocumentsErrorCode } from '../documents.exception';
import { requireVisibleDocument } from '../documents/document-access';
import { DocumentFile } from '../documents/document-file.entity';
import { DocumentFileRepository } from '../documents/document-file.repository';
import { InputCheck, secrecyOr, urgencyOr } from '../documents/document-input';
import { DocumentRecipientRepository } from '../documents/document-recipient.repository';
import {
  OutgoingStatus,
  RELATIONS,
  type Relation,
  type Secrecy,
  type Urgency,
} from '../documents/document-status';
import { toView, type DocumentView } from '../documents/document-view';
import type { DocumentRecord } from '../documents/document.entity';
import { DocumentRepository } from '../documents/document.repository';
import { DocumentFileStore } from '../files/document-file-store';
import type { UploadedFile } from '../files/uploaded-file';
import type { RegisterService } from '../registers/register.service';
import { buildSearchText } from '../search/search-text';
import type { ArrivalRouter } from '../incoming/arrival-router';
import { buildRecipients, type RecipientInput } from './recipient-input';

export interface CreateOutgoingInput {
  typeCode: string;
  subject: string;
  registerId?: string | null;
  /** Defaults to the author's unit; its abbreviation ends a công văn symbol. */
  draftingUnitId?: string | null;
  urgency?: Urgency;
  secrecy?: Secrecy;
  dueDate?: string | null;
  copies?: number | null;
  note?: string | null;
  recipients?: RecipientInput[];
  /** A recall, replacement or correction letter names the document it concerns. */
  relatesTo?: { documentId: string; relation: Relation } | null;
}

/** Outgoing documents before they get a number: draft → review → leader signs; or cancelled. */
export class OutgoingDraftingService {
  private readonly documents = new DocumentRepository();
  private readonly documentFiles = new DocumentFileRepository();
  private readonly recipients = new DocumentRecipientRepository();

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditRecorder,
    private readonly types: DocumentTypeService,
    private readonly registers: RegisterService,
    private readonly files: DocumentFileStore,
    private readonly users: UserService,
    private readonly router?: ArrivalRouter,
  ) {}

  async create(
    actor: Actor,
    input: CreateOutgoingInput,
    file?: UploadedFile,
    runner?: TransactionRunner,
  ): Promise<DocumentView> {
    requireRole(actor, Role.OFFICER, Role.CLERK, Role.LEADER);
    const organisationId = memberOrganisation(actor);
    new InputCheck()
      .text('subject', input.subject, 4000, true)
      .text('note', input.note, 4000)
      .date('dueDate', input.dueDate)
      .urgency(input.urgency)
      .secrecy(input.secrecy)
      .positive('copies', input.copies)
      .done();
    if (input.relatesTo && !RELATIONS.includes(input.relatesTo.relation)) {
      throw new DocumentsError(DocumentsErrorCode.INVALID_INPUT, {
        fields: ['relatesTo.relation'],
        reason: 'relatesTo.relation',
      });
    }
    await this.types.require(input.typeCode);
    const stored = file ? await this.files.store(file) : undefined;
    const now = this.clock.now();
    const doc: DocumentRecord = {
      id: randomUUID(),
      organisationId,
      direction: 'outgoing',
      status: OutgoingStatus.DRAFT,
      registerId: input.registerId ?? null,
      registerNumber: null,
      typeCode: input.typeCode,
      numberSymbol: null,
      numberSymbolKey: null,
      documentDate: null,
      documentYear: null,
      subject: input.subject.trim(),
      signerName: null,
      signerTitle: null,
      urgency: urgencyOr(input.urgency),
      secrecy: secrecyOr(input.secrecy),
      senderName: null,
      senderCode: null,
      senderKey: null,
      senderOrganisationId: null,
      sourceDocumentId: null,
      arrivalDate: null,
      arrivedAt: null,
      dueDate: input.dueDate ?? null,
      draftingUnitId: input.draftingUnitId ?? actor.unitId,
      copies: input.copies ?? null,
      note: input.note?.trim() || null,
      relatedDocumentId: input.relatesTo?.documentId ?? null,
      relation: input.relatesTo?.relation ?? null,
      replacedById: null,
      presentedTo: null,
      signedAt: null,
      signedBy: null,
      issuedAt: null,
      issuedBy: null,
      sealedAt: null,
      dispatchedAt: null,
      recalledAt: null,
      recallReason: null,
      cancelledAt: null,
      cancelReason: null,
      signatureStatus: null,
      searchText: buildSearchText([input.subject]),
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
    };
    return unitOfWork(this.ds, runner, async (tx) => {
      if (doc.registerId) {
        const register = await this.registers.requireInOrganisation(tx, organisationId, doc.registerId);
        if (register.kind === 'incoming') throw new DocumentsError(DocumentsErrorCode.REGISTER_KIND_MISMATCH);
      }
      if (
        doc.draftingUnitId &&
        !(await tx.exists(OrgUnit, { where: { id: doc.draftingUnitId, organisationId } }))
      ) {
        throw new DocumentsError(DocumentsErrorCode.INVALID_INPUT, {
          fields: ['draftingUnitId'],
          reason: 'draftingUnitId',
        });
      }
      if (doc.relatedDocumentId) {
        const related = await this.documents.findOutgoing(tx, doc.relatedDocumentId, organisationId);
        const issued = [OutgoingStatus.ISSUED, OutgoingStatus.SEALED, OutgoingStatus.DISPATCHED];
        if (!related || !issued.includes(related.status as OutgoingStatus))
          throw new DocumentsError(DocumentsErrorCode.RELATED_DOCUMENT_INVALID);
      }
      const recipients = await buildRecipients(
        tx,
        organisationId,
        doc.id,
        input.recipients ?? [],
        now,
        this.router,
      );
      await this.documents.insert(tx, doc);
      await this.recipients.insertMany(tx, recipients);
      if (stored) {
        await this.documentFiles.insertFile(
          tx,
          DocumentFile.fromStored(stored, {
            documentId: doc.id,
            version: 1,
            kind: 'draft',
            createdBy: actor.userId,
            createdAt: now,
          }),
        );
      }
      await this.audit.record(
        tx,
        documentEvent(doc, actor.userId, 'outgoing.drafted', {
          typeCode: doc.typeCode,
          subject: doc.subject,
          sha256: stored?.sha256 ?? null,
          relatesTo: input.relatesTo ?? null,
        }),
        now,
      );
      return toView(doc);
    });
  }

  /** Trình duyệt: the author (or a clerk) sends the draft for review. */
  submit(actor: Actor, id: string): Promise<DocumentView> {
    return this.transition(actor, id, {
      roles: [Role.OFFICER, Role.CLERK, Role.LEADER],
      from: [OutgoingStatus.DRAFT],
      to: OutgoingStatus.IN_REVIEW,
      action: 'outgoing.submitted',
      allow: (doc) => doc.createdBy === actor.userId || hasRole(actor, Role.CLERK, Role.LEADER),
    });
  }

  /** The leader sends the draft back for changes. */
  returnForRevision(actor: Actor, id: string, note: string): Promise<DocumentView> {
    new InputCheck().text('note', note, 4000, true).done();
    return this.transition(actor, id, {
      roles: [Role.LEADER],
      from: [OutgoingStatus.IN_REVIEW],
      to: OutgoingStatus.DRAFT,
      action: 'outgoing.returned',
      data: { note },
    });
  }

  /**
   * Records that the leader signed. The signature itself comes from the signing flow (token agent), which uploads the
   * signed PDF as a new version; here the state, the signer and the time are kept.
   */
  sign(actor: Actor, id: string, input: { signerTitle?: string | null } = {}): Promise<DocumentView> {
    requireRole(actor, Role.LEADER);
    new InputCheck().text('signerTitle', input.signerTitle, 200).done();
    return unitOfWork(this.ds, undefined, async (tx) => {
      const leader = await this.users.requireMember(tx, memberOrganisation(actor), actor.userId);
      return this.transitionIn(tx, actor, id, {
        roles: [Role.LEADER],
        from: [OutgoingStatus.IN_REVIEW],
        to: OutgoingStatus.SIGNED,
        action: 'outgoing.signed',
        check: async (doc) => {
          if (!(await this.documentFiles.hasAny(tx, doc.id)))
            throw new DocumentsError(DocumentsErrorCode.FILE_REQUIRED);
        },
        changes: (now) => ({
          signedAt: now,
          signedBy: leader.id,
          signerName: leader.fullName,
          signerTitle: input.signerTitle?.trim() || leader.title,
        }),
      });
    });
  }

  /**
   * Cancels a document. Before issue nothing is numbered; after issue the number stays taken and the register shows
   * the reason (numbers are never reused). A dispatched document is withdrawn with a recall letter instead.
   */
  cancel(actor: Actor, id: string, reason: string): Promise<DocumentView> {
    new InputCheck().text('reason', reason, 2000, true).done();
    return this.transition(actor, id, {
      roles: [Role.CLERK, Role.LEADER],
      from: [
        OutgoingStatus.DRAFT,
        OutgoingStatus.IN_REVIEW,
        OutgoingStatus.SIGNED,
        OutgoingStatus.ISSUED,
        OutgoingStatus.SEALED,
      ],
      to: OutgoingStatus.CANCELLED,
      action: 'outgoing.cancelled',
      data: { reason },
      changes: (now) => ({ cancelledAt: now, cancelReason: reason }),
    });
  }

  private transition(actor: Actor, id: string, t: Transition): Promise<DocumentView> {
    requireRole(actor, ...t.roles);
    return unitOfWork(this.ds, undefined, (tx) => this.transitionIn(tx, actor, id, t));
  }

  private async transitionIn(
    tx: EntityManager,
    actor: Actor,
    id: string,
    t: Transition,
  ): Promise<DocumentView> {
    requireRole(actor, ...t.roles);
    const doc = await requireVisibleDocument(tx, actor, id, { lock: true });
    if (doc.direction !== 'outgoing' || !t.from.includes(doc.status as OutgoingStatus)) {
      throw new DocumentsError(DocumentsErrorCode.INVALID_STATE, { status: doc.status });
    }
    if (t.allow && !t.allow(doc)) throw new DocumentsError(DocumentsErrorCode.FORBIDDEN);
    if (t.check) await t.check(doc);
    const now = this.clock.now();
    const changes: Partial<DocumentRecord> = { status: t.to, updatedAt: now, ...(t.changes?.(now) ?? {}) };
    await this.documents.update(tx, doc.id, changes);
    await this.audit.record(
      tx,
      documentEvent(doc, actor.userId, t.action, { from: doc.status, to: t.to, ...(t.data ?? {}) }),
      now,
    );
    return toView({ ...doc, ...changes });
  }
}

interface Transition {
  roles: Role[];
  from: OutgoingStatus[];
  to: OutgoingStatus;
  action: string;
  data?: Record<string, unknown>;
  allow?: (doc: DocumentRecord) => boolean;
  check?: (doc: DocumentRecord) => Promise<void>;
  changes?: (now: Date) => Partial<DocumentRecord>;
}
