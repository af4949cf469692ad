import { Column, Entity, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '@kyso/database';

export type SigningSessionState = 'pending' | 'completed';

/**
 * One remote signature in flight: prepared on the server for one user, one certificate and one document version,
 * signed on the leader's PC, completed once. Holds only the appended PDF bytes, never the PIN or a key.
 */
@Entity('signing_sessions')
export class SigningSession {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'document_id', type: 'varchar', length: 36 })
  documentId: string;

  @Column({ name: 'organisation_id', type: 'varchar', length: 36 })
  organisationId: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  /** The document version the signature was prepared on; completing is refused if a newer one exists. */
  @Column({ name: 'base_version', type: 'integer' })
  baseVersion: number;

  @Column({ name: 'base_sha256', type: 'varchar', length: 64 })
  baseSha256: string;

  @Column({ type: 'varchar', length: 10 })
  state: SigningSessionState;

  /** JSON of the pending signature (base64 buffers): appended bytes, offsets, signed attributes, chain. */
  @Column({ type: 'text' })
  pending: string;

  @Column({ name: 'certificate_sha256', type: 'varchar', length: 64 })
  certificateSha256: string;

  @InstantColumn({ name: 'expires_at' })
  expiresAt: Date;

  /** JSON answer of the completion, replayed to a repeated complete. */
  @Column({ type: 'text', nullable: true })
  result: string | null;

  @InstantColumn({ name: 'created_at' })
  createdAt: Date;

  @InstantColumn({ name: 'completed_at', nullable: true })
  completedAt: Date | null;
}
