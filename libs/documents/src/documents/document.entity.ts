import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CalendarDateColumn, InstantColumn } from '@kyso/database';
import type { DocumentDirection, DocumentStatus, Relation, Secrecy, Urgency } from './document-status';

/**
 * An incoming or outgoing document of one organisation. A document sent from one organisation to another on kyso is
 * two rows: the sender's outgoing document and the receiver's incoming one (`sourceDocumentId`), each visible only
 * inside its own organisation.
 */
@Entity('documents')
export class DocumentRecord {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'organisation_id', type: 'varchar', length: 36 })
  organisationId: string;

  @Column({ type: 'varchar', length: 10 })
  direction: DocumentDirection;

  @Column({ type: 'varchar', length: 20 })
  status: DocumentStatus;

  @Column({ name: 'register_id', type: 'varchar', length: 36, nullable: true })
  registerId: string | null;

  /** The number this organisation's register gave it: the outgoing number, or the arrival number (số đến). */
  @Column({ name: 'register_number', type: 'integer', nullable: true })
  registerNumber: number | null;

  @Column({ name: 'type_code', type: 'varchar', length: 30 })
  typeCode: string;

  /** `05/QĐ-UBND`: ours for outgoing (set at issue), the sender's for incoming. */
  @Column({ name: 'number_symbol', type: 'varchar', length: 80, nullable: true })
  numberSymbol: string | null;

  @Column({ name: 'number_symbol_key', type: 'varchar', length: 80, nullable: true })
  numberSymbolKey: string | null;

  @CalendarDateColumn({ name: 'document_date', nullable: true })
  documentDate: string | null;

  @Column({ name: 'document_year', type: 'integer', nullable: true })
  documentYear: number | null;

  /** Trích yếu. */
  @Column({ type: 'text' })
  subject: string;

  @Column({ name: 'signer_name', type: 'varchar', length: 200, nullable: true })
  signerName: string | null;

  @Column({ name: 'signer_title', type: 'varchar', length: 200, nullable: true })
  signerTitle: string | null;

  @Column({ type: 'varchar', length: 15 })
  urgency: Urgency;

  @Column({ type: 'varchar', length: 15 })
  secrecy: Secrecy;

  @Column({ name: 'sender_name', type: 'varchar', length: 300, nullable: true })
  senderName: string | null;

  @Column({ name: 'sender_code', type: 'varchar', length: 35, nullable: true })
  senderCode: string | null;

  @Column({ name: 'sender_key', type: 'varchar', length: 300, nullable: true })
  senderKey: string | null;

  @Column({ name: 'sender_organisation_id', type: 'varchar', length: 36, nullable: true })
  senderOrganisationId: string | null;

  @Column({ name: 'source_document_id', type: 'varchar', length: 36, nullable: true })
  sourceDocumentId: string | null;

  @CalendarDateColumn({ name: 'arrival_date', nullable: true })
  arrivalDate: string | null;

  @InstantColumn({ name: 'arrived_at', nullable: true })
  arrivedAt: Date | null;

  /** Hạn xử lý requested by the sender (incoming) or set for the reply. */
  @CalendarDateColumn({ name: 'due_date', nullable: true })
  dueDate: string | null;

  @Column({ name: 'drafting_unit_id', type: 'varchar', length: 36, nullable: true })
  draftingUnitId: string | null;

  /** Số lượng bản. */
  @Column({ type: 'integer', nullable: true })
  copies: number | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'related_document_id', type: 'varchar', length: 36, nullable: true })
  relatedDocumentId: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  relation: Relation | null;

  @Column({ name: 'replaced_by_id', type: 'varchar', length: 36, nullable: true })
  replacedById: string | null;

  @Column({ name: 'presented_to', type: 'varchar', length: 36, nullable: true })
  presentedTo: string | null;

  @InstantColumn({ name: 'signed_at', nullable: true })
  signedAt: Date | null;

  @Column({ name: 'signed_by', type: 'varchar', length: 36, nullable: true })
  signedBy: string | null;

  @InstantColumn({ name: 'issued_at', nullable: true })
  issuedAt: Date | null;

  @Column({ name: 'issued_by', type: 'varchar', length: 36, nullable: true })
  issuedBy: string | null;

  @InstantColumn({ name: 'sealed_at', nullable: true })
  sealedAt: Date | null;

  @InstantColumn({ name: 'dispatched_at', nullable: true })
  dispatchedAt: Date | null;

  @InstantColumn({ name: 'recalled_at', nullable: true })
  recalledAt: Date | null;

  @Column({ name: 'recall_reason', type: 'text', nullable: true })
  recallReason: string | null;

  @InstantColumn({ name: 'cancelled_at', nullable: true })
  cancelledAt: Date | null;

  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason: string | null;

  /** Result of the incoming signature check: `not-checked`, `valid`, `invalid`, `indeterminate`, `unsigned`. */
  @Column({ name: 'signature_status', type: 'varchar', length: 20, nullable: true })
  signatureStatus: string | null;

  /** Normalised subject, number/symbol, sender and signer (see search-text.ts). */
  @Column({ name: 'search_text', type: 'text', select: false })
  searchText: string;

  @Column({ name: 'created_by', type: 'varchar', length: 36, nullable: true })
  createdBy: string | null;

  @InstantColumn({ name: 'created_at' })
  createdAt: Date;

  @InstantColumn({ name: 'updated_at' })
  updatedAt: Date;
}
