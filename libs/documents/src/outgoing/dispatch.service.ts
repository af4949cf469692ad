import { createHash, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { DataSource, EntityManager } from 'typeorm';
import {
  type Actor,
  type AuditEvent,
  type AuditRecorder,
  type Clock,
  Organisation,
  memberOrganisation,
  requireRole,
  Role,
  documentEvent,
} from '@kyso/org';
import { unitOfWork, type TransactionRunner, readOnly } from '@kyso/database';
import type { BlobStore } from '@kyso/storage';
import { DocumentsError, DocumentsErrorCode } from '../documents.exception';
import { requireVisibleDocument } from '../documents/document-access';
import { DocumentFile } from '../documents/document-file.entity';
import type { DocumentRecipient } from '../documents/document-recipient.entity';
import { DocumentFileRepository } from '../documents/document-file.repository';
import { DocumentRecipientRepository } from '../documents/document-recipient.repository';
import { IncomingStatus, OutgoingStatus } from '../documents/document-status';
import { toRecipientView, toView, type DocumentView, type RecipientView } from '../documents/document-view';
import type { DocumentRecord } from '../documents/document.entity';
import { DocumentRepository } from '../documents/document.repository';
import { ProcessingEventRepository } from '../assignments/processing-event.repository';
import type { ArrivalRouter } from '../incoming/arrival-router';
import type { IncomingService } from '../incoming/incoming.service';
import { buildRecipients, type RecipientInput, routedFrom } from './recipient-input';

const DOWNLOAD_LINK_DAYS = 30;
const RELATION_ACTIONS = {
  recall: 'outgoing.recalled',
  replace: 'outgoing.replaced',
  correct: 'outgoing.corrected',
} as const;

export interface DispatchResult {
  document: DocumentView;
  recipients: RecipientView[];
  /** One-time-issued download tokens for external recipients (only their hashes are stored). */
  downloadTokens: Array<{ recipientId: string; name: string; token: string; expiresAt: Date }>;
}

/**
 * Sends a sealed document (Decree 30: the same day). Organisations on this kyso receive it straight into their
 * incoming queue (status 01, with the same file); others get a download link. Dispatching a recall, replacement or
 * correction letter applies its effect to the original.
 */
export class DispatchService {
  private readonly documents = new DocumentRepository();
  private readonly documentFiles = new DocumentFileRepository();
  private readonly recipients = new DocumentRecipientRepository();
  private readonly history = new ProcessingEventRepository();

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditRecorder,
    private readonly incoming: IncomingService,
    private readonly blobs: BlobStore,
    private readonly router?: ArrivalRouter,
  ) {}

  dispatch(
    actor: Actor,
    id: string,
    input: { recipients?: RecipientInput[] } = {},
    runner?: TransactionRunner,
  ): Promise<DispatchResult> {
    requireRole(actor, Role.CLERK);
    const organisationId = memberOrganisation(actor);
    return unitOfWork(this.ds, runner, async (tx) => {
      const doc = await requireVisibleDocument(tx, actor, id, { lock: true });
      if (doc.direction !== 'outgoing' || doc.status !== OutgoingStatus.SEALED)
        throw new DocumentsError(DocumentsErrorCode.INVALID_STATE, { status: doc.status });
      const now = this.clock.now();
      const added = await buildRecipients(
        tx,
        organisationId,
        doc.id,
        input.recipients ?? [],
        now,
        this.router,
      );
      await this.recipients.insertMany(tx, added);
      const recipients = await this.recipients.listPending(tx, doc.id);
      if (recipients.length === 0)
        throw new DocumentsError(DocumentsErrorCode.RECIPIENT_INVALID, { reason: 'no recipients' });
      const file = await this.documentFiles.findVersion(tx, doc.id);
      if (!file) throw new DocumentsError(DocumentsErrorCode.FILE_REQUIRED);
      const sender = await tx.findOneOrFail(Organisation, { where: { id: organisationId } });

      const events: AuditEvent[] = [];
      const downloadTokens: DispatchResult['downloadTokens'] = [];
      const deliveredTo = new Map<string, string>();
      for (const r of recipients) {
        if (r.delivery === 'internal' && r.organisationId) {
          const routing = await this.routeRecipient(tx, r, now);
          const already = deliveredTo.get(r.organisationId);
          if (already) {
            // Two recipients that lead to one organisation (A and its successor C): C receives one copy.
            await this.recipients.update(tx, r.id, {
              status: 'delivered',
              deliveredDocumentId: already,
              dispatchedAt: now,
            });
            Object.assign(r, { status: 'delivered', deliveredDocumentId: already, dispatchedAt: now });
            continue;
          }
          const received = this.incoming.newIncoming(r.organisationId, null, now, {
            typeCode: doc.typeCode,
            status: IncomingStatus.ARRIVED,
            numberSymbol: doc.numberSymbol,
            documentDate: doc.documentDate,
            subject: doc.subject,
            signerName: doc.signerName,
            signerTitle: doc.signerTitle,
            urgency: doc.urgency,
            secrecy: doc.secrecy,
            senderName: sender.name,
            senderCode: sender.code,
            senderOrganisationId: sender.id,
            sourceDocumentId: doc.id,
            dueDate: doc.dueDate,
            copies: null,
            note: null,
            signatureStatus: file.signatureStatus,
          });
          await this.documents.insert(tx, received);
          await this.documentFiles.insertFile(
            tx,
            DocumentFile.fromStored(file, {
              documentId: received.id,
              version: 1,
              kind: 'received',
              signatureStatus: file.signatureStatus,
              createdBy: null,
              createdAt: now,
            }),
          );
          await this.recipients.update(tx, r.id, {
            status: 'delivered',
            deliveredDocumentId: received.id,
            dispatchedAt: now,
          });
          Object.assign(r, { status: 'delivered', deliveredDocumentId: received.id, dispatchedAt: now });
          deliveredTo.set(r.organisationId, received.id);
          events.push(
            documentEvent(received, null, 'incoming.arrived', {
              from: sender.id,
              sourceDocumentId: doc.id,
              numberSymbol: doc.numberSymbol,
              sha256: file.sha256,
              ...(r.routedFrom && { addressedTo: r.routedFrom.organisationId }),
            }),
          );
          if (routing && this.router)
            events.push(...(await this.router.recordDelivery(tx, received.id, routing, now)));
        } else {
          const token = randomBytes(32).toString('base64url');
          const expiresAt = new Date(now.getTime() + DOWNLOAD_LINK_DAYS * 86_400_000);
          await this.recipients.update(tx, r.id, {
            status: 'delivered',
            downloadTokenHash: tokenHash(token),
            downloadExpiresAt: expiresAt,
            dispatchedAt: now,
          });
          Object.assign(r, { status: 'delivered', downloadExpiresAt: expiresAt, dispatchedAt: now });
          downloadTokens.push({ recipientId: r.id, name: r.name, token, expiresAt });
        }
      }
      const changes = { status: OutgoingStatus.DISPATCHED, dispatchedAt: now, updatedAt: now };
      await this.documents.update(tx, doc.id, changes);
      if (doc.relatedDocumentId && doc.relation) events.push(...(await this.applyRelation(tx, doc, now)));
      events.push(
        documentEvent(doc, actor.userId, 'outgoing.dispatched', {
          recipients: recipients.map((r) => ({
            id: r.id,
            delivery: r.delivery,
            organisationId: r.organisationId,
            name: r.name,
            ...(r.routedFrom && { routedFrom: r.routedFrom }),
          })),
        }),
      );
      // Chains are locked in a fixed order so that two organisations dispatching to each other cannot deadlock.
      for (const e of events.sort((a, b) => (a.chainId < b.chainId ? -1 : a.chainId > b.chainId ? 1 : 0)))
        await this.audit.record(tx, e, now);
      return {
        document: toView({ ...doc, ...changes }),
        recipients: recipients.map(toRecipientView),
        downloadTokens,
      };
    });
  }

  /**
   * Resolves an internal recipient through the lineage in the dispatching transaction: when the organisation it was
   * addressed to (`routedFrom`, else `organisationId`) has ceased, the row is pointed at whoever holds its records
   * now and keeps the addressee in `routedFrom`. Returns the routing to record, or null when it goes where it was
   * addressed (or nobody holds the records: it stays with the addressee, for the sweep to report).
   */
  private async routeRecipient(tx: EntityManager, r: DocumentRecipient, now: Date) {
    if (!this.router) return null;
    const target = await this.router.resolveDelivery(
      tx,
      r.routedFrom?.organisationId ?? r.organisationId!,
      now,
    );
    if (!target?.routing) return null;
    const changes = {
      organisationId: target.organisation.id,
      name: target.organisation.name,
      routedFrom: routedFrom(target.routing),
    };
    await this.recipients.update(tx, r.id, changes);
    Object.assign(r, changes);
    return target.routing;
  }

  /** The file behind an external recipient's download link, if the link is valid and unexpired. */
  async openDownload(
    token: string,
  ): Promise<{ fileName: string; size: number; sha256: string; stream: Readable }> {
    const file = await readOnly(this.ds, async (tx) => {
      const recipient = await this.recipients.findByDownloadToken(tx, tokenHash(token), this.clock.now());
      if (!recipient) return null;
      return this.documentFiles.findVersion(tx, recipient.documentId);
    });
    if (!file) throw new DocumentsError(DocumentsErrorCode.DOWNLOAD_LINK_INVALID);
    return {
      fileName: file.fileName,
      size: file.size,
      sha256: file.sha256,
      stream: this.blobs.openRead(file.blobKey),
    };
  }

  private async applyRelation(tx: EntityManager, letter: DocumentRecord, now: Date): Promise<AuditEvent[]> {
    const original = await this.documents.findInOrganisation(
      tx,
      letter.relatedDocumentId!,
      letter.organisationId,
    );
    if (!original) return [];
    const events: AuditEvent[] = [];
    if (letter.relation === 'recall') {
      const reason = `${letter.numberSymbol ?? ''} ${letter.subject}`.trim();
      await this.documents.update(tx, original.id, {
        status: OutgoingStatus.RECALLED,
        recalledAt: now,
        recallReason: reason,
        updatedAt: now,
      });
      await this.recipients.markRecalled(tx, original.id);
      // The receivers' copies are flagged (edXML 13, recall requested); each receiver removes it from circulation.
      const copies = await this.documents.findDeliveredCopies(tx, original.id);
      for (const copy of copies) {
        await this.documents.update(tx, copy.id, { recalledAt: now, recallReason: reason, updatedAt: now });
        await this.history.append(tx, {
          documentId: copy.id,
          organisationId: copy.organisationId,
          kind: 'recalled',
          actorId: null,
          at: now,
          note: reason,
        });
        events.push(documentEvent(copy, null, 'incoming.recalled', { letterId: letter.id }));
      }
    } else if (letter.relation === 'replace') {
      await this.documents.update(tx, original.id, { replacedById: letter.id, updatedAt: now });
    }
    events.push(
      documentEvent(original, null, RELATION_ACTIONS[letter.relation!], {
        letterId: letter.id,
        letterNumberSymbol: letter.numberSymbol,
      }),
    );
    return events;
  }
}

function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
