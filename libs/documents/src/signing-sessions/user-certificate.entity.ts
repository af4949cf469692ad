import { Column, Entity, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '@kyso/database';

/**
 * A signing certificate an administrator has bound to a user: the server prepares a signature for a user only
 * with one of that user's certificates, so a token lent to someone else cannot sign in the leader's name.
 */
@Entity('user_certificates')
export class UserCertificate {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  @Column({ name: 'organisation_id', type: 'varchar', length: 36 })
  organisationId: string;

  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  @Column({ type: 'varchar', length: 500 })
  subject: string;

  @Column({ name: 'serial_hex', type: 'varchar', length: 80 })
  serialHex: string;

  @InstantColumn({ name: 'not_after' })
  notAfter: Date;

  @Column({ name: 'registered_by', type: 'varchar', length: 36 })
  registeredBy: string;

  @InstantColumn({ name: 'created_at' })
  createdAt: Date;
}
