import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  type Actor,
  type Clock,
  memberOrganisation,
  requireRole,
  Role,
  UserService,
  vietnamDate,
  vietnamYear,
  documentEvent,
} from '@kyso/org';
import { unitOfWork, type TransactionRunner } from '@kyso/database';
import { DocumentTypeService } from '../document-types/document-type.service';
import { DocumentsError, DocumentsErrorCode } from '../documents.exception';
import type { ArrivalRouter } from './arrival-router';
import { requireVisibleDocument } from '../documents/document-access';
import { DocumentFile } from '../documents/document-file.entity';
import { DocumentFileRepository } from '../documents/document-file.repository';
import { InputCheck, secrecyOr, urgencyOr } from '../documents/document-input';
import { DocumentRecipientRepository } from '../documents/document-recipient.repository';
import { IncomingStatus, type Secrecy, type Urgency } from '../documents/document-status';
import { toView, type DocumentView } from '../documents/document-view';
import type { DocumentRecord } from '../documents/document.entity';
import { DocumentRepository } from '../documents/document.repository';
import { ProcessingEventRepository } from '../assignments/processing-event.repository';
import { DocumentFileStore } from '../files/document-file-store';
import type { UploadedFile } from '../files/uploaded-file';
import { numberSymbolKey, senderKey } from '../numbering/number-symbol';
import { AUDIT_NUMBER } from '../registers/register-counter';
import { RegisterRepository } from '../registers/register.repository';
import type { AuditTrail } from '../audit/audit-trail';
import type { RegisterService } from '../registers/register.service';
import { buildSearchText } from '../search/search-text';
import type { IncomingSignatureChecker } from './incoming-signature-checker';

export interface RegisterIncomingInput {
  registerId?: string | null;
  typeCode: string;
  /** The sender's number and symbol as printed, e.g. `15/QĐ-UBND`. */
  numberSymbol?: string | null;
  documentDate?: string | null;
  subject: string;
  signerName?: string | null;
  signerTitle?: string | null;
  urgency?: Urgency;
  secrecy?: Secrecy;
  senderName: string;
  senderCode?: string | null;
  dueDate?: string | null;
  copies?: number | null;
  note?: string | null;
  /** Register even though the same sender + number/symbol + year is already registered. */
  acceptDuplicate?: boolean;
}

export interface DuplicateCandidate {
  id: string;
  registerNumber: number | null;
  arrivalDate: string | null;
  status: string;
}

/**
 * The incoming flow up to the leader: register (số đến) → present. Registration is one transaction: the document,
 * its file record, the arrival number and the audit entry commit together or not at all, so a crash can neither
 * leave a half-registered document nor consume a number that no document carries.
 */
export class IncomingService {
  private readonly documents = new DocumentRepository();
  private readonly documentFiles = new DocumentFileRepository();
  private readonly recipients = new DocumentRecipientRepository();
  private readonly history = new ProcessingEventRepository();
  private readonly numbering = new RegisterRepository();

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
    private readonly types: DocumentTypeService,
    private readonly registers: RegisterService,
    private readonly files: DocumentFileStore,
    private readonly signatures: IncomingSignatureChecker,
    private readonly users: UserService,
    private readonly router?: ArrivalRouter,
  ) {}

  async register(
    actor: Actor,
    input: RegisterIncomingInput,
    file?: UploadedFile,
    tx?: TransactionRunner,
  ): Promise<DocumentView> {
    requireRole(actor, Role.CLERK);
    const organisationId = memberOrganisation(actor);
    new InputCheck()
      .text('subject', input.subject, 4000, true)
      .text('senderName', input.senderName, 300, true)
      .text('senderCode', input.senderCode, 35)
      .text('numberSymbol', input.numberSymbol, 80)
      .text('signerName', input.signerName, 200)
      .text('signerTitle', input.signerTitle, 200)
      .text('note', input.note, 4000)
      .date('documentDate', input.documentDate)
      .date('dueDate', input.dueDate)
      .urgency(input.urgency)
      .secrecy(input.secrecy)
      .positive('copies', input.copies)
      .done();
    await this.types.require(input.typeCode);
    // Outside the transaction: the blob write is idempotent and the signature check may be slow (OCSP, CRL).
    const stored = file ? await this.files.store(file) : undefined;
    const check =
      file && stored
        ? await this.signatures.check({ bytes: file.bytes, sha256: stored.sha256, fileName: stored.fileName })
        : undefined;

    const now = this.clock.now();
    const year = vietnamYear(now);
    const numberSymbol = input.numberSymbol?.trim() || null;
    const sender = { name: input.senderName.trim(), code: input.senderCode?.trim().toUpperCase() || null };
    const doc = this.newIncoming(organisationId, actor.userId, now, {
      typeCode: input.typeCode,
      status: IncomingStatus.REGISTERED,
      numberSymbol,
      documentDate: input.documentDate ?? null,
      subject: input.subject.trim(),
      signerName: input.signerName?.trim() || null,
      signerTitle: input.signerTitle?.trim() || null,
      urgency: urgencyOr(input.urgency),
      secrecy: secrecyOr(input.secrecy),
      senderName: sender.name,
      senderCode: sender.code,
      senderOrganisationId: null,
      sourceDocumentId: null,
      dueDate: input.dueDate ?? null,
      copies: input.copies ?? null,
      note: input.note?.trim() || null,
      signatureStatus: check?.status ?? null,
    });

    return unitOfWork(this.ds, tx, async (tx) => {
      if (!input.acceptDuplicate) {
        const duplicates = await this.findDuplicates(tx, doc);
        if (duplicates.length)
          throw new DocumentsError(DocumentsErrorCode.INCOMING_DUPLICATE, { duplicates });
      }
      const register = await this.registers.registerForYear(
        tx,
        organisationId,
        ['incoming'],
        input.registerId,
        year,
      );
      doc.registerId = register.id;
      doc.arrivalDate = vietnamDate(now);
      doc.arrivedAt = now;
      await this.documents.insert(tx, doc);
      if (stored && check) {
        await this.documentFiles.insertFile(
          tx,
          DocumentFile.fromStored(stored, {
            documentId: doc.id,
            version: 1,
            kind: 'received',
            signatureStatus: check.status,
            signatureReport: JSON.stringify(check.report),
            createdBy: actor.userId,
            createdAt: now,
          }),
        );
      }
      // From here to commit other registrations of this register wait: keep it short.
      const numbered = await this.numbering.numberDocument(
        tx,
        register.id,
        doc.id,
        {},
        {},
        {
          trail: this.audit,
          at: now,
          event: documentEvent(doc, actor.userId, 'incoming.registered', {
            registerId: register.id,
            arrivalNumber: AUDIT_NUMBER,
            numberSymbol,
            sender: sender.name,
            sha256: stored?.sha256 ?? null,
            signatureStatus: check?.status ?? null,
          }),
        },
      );
      doc.registerNumber = numbered.number;
      return toView(doc);
    });
  }

  /** Registers a document that arrived from another organisation on kyso (status 01): gives it its số đến. */
  registerArrived(
    actor: Actor,
    documentId: string,
    input: { registerId?: string | null } = {},
    runner?: TransactionRunner,
  ): Promise<DocumentView> {
    requireRole(actor, Role.CLERK);
    const organisationId = memberOrganisation(actor);
    return unitOfWork(this.ds, runner, async (tx) => {
      // An arrival still sitting with an organisation that has ceased (delivered before its merger was applied, or
      // by a path that does not route) goes to the holder of its records first, in this transaction.
      await this.router?.routeIfStranded(tx, documentId);
      const doc = await requireVisibleDocument(tx, actor, documentId, { lock: true });
      if (doc.direction !== 'incoming' || doc.status !== IncomingStatus.ARRIVED)
        throw new DocumentsError(DocumentsErrorCode.INVALID_STATE, { status: doc.status });
      const now = this.clock.now();
      const register = await this.registers.registerForYear(
        tx,
        organisationId,
        ['incoming'],
        input.registerId,
        vietnamYear(now),
      );
      const number = await this.numbering.nextNumber(tx, register.id);
      const changes = {
        registerId: register.id,
        registerNumber: number,
        arrivalDate: vietnamDate(now),
        status: IncomingStatus.REGISTERED,
        updatedAt: now,
      };
      await this.documents.update(tx, doc.id, changes);
      await this.audit.record(
        tx,
        documentEvent(doc, actor.userId, 'incoming.registered', {
          registerId: register.id,
          arrivalNumber: number,
          numberSymbol: doc.numberSymbol,
        }),
        now,
      );
      return toView({ ...doc, ...changes });
    });
  }

  /** Returns a misaddressed or invalid document (edXML 02); the sender's recipient entry says so. */
  refuse(actor: Actor, documentId: string, reason: string): Promise<DocumentView> {
    requireRole(actor, Role.CLERK, Role.LEADER);
    new InputCheck().text('reason', reason, 2000, true).done();
    return unitOfWork(this.ds, undefined, async (tx) => {
      const doc = await requireVisibleDocument(tx, actor, documentId, { lock: true });
      if (
        doc.direction !== 'incoming' ||
        ![IncomingStatus.ARRIVED, IncomingStatus.REGISTERED].includes(doc.status as IncomingStatus)
      ) {
        throw new DocumentsError(DocumentsErrorCode.INVALID_STATE, { status: doc.status });
      }
      const now = this.clock.now();
      await this.documents.update(tx, doc.id, {
        status: IncomingStatus.REFUSED,
        note: reason,
        updatedAt: now,
      });
      if (doc.sourceDocumentId) await this.recipients.markRefused(tx, doc.sourceDocumentId, doc.id);
      await this.history.append(tx, {
        documentId: doc.id,
        organisationId: doc.organisationId,
        kind: 'refused',
        actorId: actor.userId,
        at: now,
        note: reason,
      });
      await this.audit.record(tx, documentEvent(doc, actor.userId, 'incoming.refused', { reason }), now);
      return toView({ ...doc, status: IncomingStatus.REFUSED, note: reason, updatedAt: now });
    });
  }

  /** Trình lãnh đạo: puts the registered document in a leader's queue. */
  present(actor: Actor, documentId: string, leaderId: string, note?: string | null): Promise<DocumentView> {
    requireRole(actor, Role.CLERK);
    return unitOfWork(this.ds, undefined, async (tx) => {
      const doc = await requireVisibleDocument(tx, actor, documentId, { lock: true });
      if (doc.direction !== 'incoming' || doc.status !== IncomingStatus.REGISTERED)
        throw new DocumentsError(DocumentsErrorCode.INVALID_STATE, { status: doc.status });
      const leader = await this.users.requireMember(tx, doc.organisationId, leaderId);
      if (!leader.roles.includes(Role.LEADER) || !leader.active)
        throw new DocumentsError(DocumentsErrorCode.INVALID_INPUT, {
          fields: ['leaderId'],
          reason: 'leaderId',
        });
      const now = this.clock.now();
      await this.documents.update(tx, doc.id, { presentedTo: leader.id, updatedAt: now });
      await this.history.append(tx, {
        documentId: doc.id,
        organisationId: doc.organisationId,
        kind: 'presented',
        actorId: actor.userId,
        at: now,
        note: note ?? null,
      });
      await this.audit.record(tx, documentEvent(doc, actor.userId, 'incoming.presented', { leaderId }), now);
      return toView({ ...doc, presentedTo: leader.id, updatedAt: now });
    });
  }

  /** Builds the record of a document that reached this organisation: by a clerk's hand, or delivered by kyso. */
  newIncoming(
    organisationId: string,
    createdBy: string | null,
    now: Date,
    f: Pick<
      DocumentRecord,
      | 'typeCode'
      | 'status'
      | 'numberSymbol'
      | 'documentDate'
      | 'subject'
      | 'signerName'
      | 'signerTitle'
      | 'urgency'
      | 'secrecy'
      | 'senderName'
      | 'senderCode'
      | 'senderOrganisationId'
      | 'sourceDocumentId'
      | 'dueDate'
      | 'copies'
      | 'note'
      | 'signatureStatus'
    >,
  ): DocumentRecord {
    return {
      id: randomUUID(),
      organisationId,
      direction: 'incoming',
      registerId: null,
      registerNumber: null,
      numberSymbolKey: f.numberSymbol ? numberSymbolKey(f.numberSymbol) : null,
      documentYear: f.documentDate ? Number(f.documentDate.slice(0, 4)) : vietnamYear(now),
      senderKey: senderKey({ code: f.senderCode, name: f.senderName }),
      arrivalDate: null,
      arrivedAt: now,
      draftingUnitId: null,
      relatedDocumentId: null,
      relation: null,
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
      searchText: buildSearchText([f.subject, f.numberSymbol, f.senderName, f.signerName]),
      createdBy,
      createdAt: now,
      updatedAt: now,
      ...f,
    };
  }

  private async findDuplicates(em: EntityManager, doc: DocumentRecord): Promise<DuplicateCandidate[]> {
    if (!doc.numberSymbolKey || !doc.senderKey) return [];
    const found = await this.documents.findSameIncoming(em, {
      organisationId: doc.organisationId,
      numberSymbolKey: doc.numberSymbolKey,
      senderKey: doc.senderKey,
      documentYear: doc.documentYear!,
    });
    return found.map((d) => ({
      id: d.id,
      registerNumber: d.registerNumber,
      arrivalDate: d.arrivalDate,
      status: d.status,
    }));
  }
}
