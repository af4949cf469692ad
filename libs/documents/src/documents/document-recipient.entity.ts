import { Column, Entity, PrimaryColumn } from 'typeorm';
import { InstantColumn, jsonText } from '@kyso/database';

export type Delivery = 'internal' | 'external';
export type RecipientStatus = 'pending' | 'delivered' | 'refused' | 'recalled';

/** The organisation a recipient was addressed as, when the lineage routed the item to its successor. */
export interface RoutedFrom {
  organisationId: string;
  name: string;
  code: string | null;
  /** The lineage link that ended it: `merged-into`, `split-into`. */
  kind: string;
  effectiveDate: string;
}

/**
 * A nơi nhận of an outgoing document. Internal recipients (organisations on this kyso) receive an incoming document
 * directly; external ones get a download link (only its SHA-256 is stored).
 */
@Entity('document_recipients')
export class DocumentRecipient {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'document_id', type: 'varchar', length: 36 })
  documentId: string;

  @Column({ type: 'varchar', length: 10 })
  delivery: Delivery;

  @Column({ name: 'organisation_id', type: 'varchar', length: 36, nullable: true })
  organisationId: string | null;

  @Column({ type: 'varchar', length: 300 })
  name: string;

  /** Set when the addressee had ceased and `organisationId` is its successor (routed on delivery). */
  @Column({ name: 'routed_from', type: 'text', nullable: true, transformer: jsonText })
  routedFrom: RoutedFrom | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  email: string | null;

  @Column({ type: 'varchar', length: 15 })
  status: RecipientStatus;

  @Column({ name: 'delivered_document_id', type: 'varchar', length: 36, nullable: true })
  deliveredDocumentId: string | null;

  @Column({ name: 'download_token_hash', type: 'varchar', length: 64, nullable: true, select: false })
  downloadTokenHash: string | null;

  @InstantColumn({ name: 'download_expires_at', nullable: true })
  downloadExpiresAt: Date | null;

  @InstantColumn({ name: 'dispatched_at', nullable: true })
  dispatchedAt: Date | null;

  @InstantColumn({ name: 'created_at' })
  createdAt: Date;
}
