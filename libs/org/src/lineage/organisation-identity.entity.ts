import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CalendarDateColumn, InstantColumn } from '@kyso/database';

/**
 * One period of an organisation's identity: its name, short name and identification code from `validFrom` to
 * `validTo` (inclusive; null while current). Periods of one organisation never overlap, and a code is held by at most
 * one organisation on any day, so "who was 000.00.31.H41 on 2024-03-05?" has one answer.
 */
@Entity('org_identities')
export class OrganisationIdentity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'organisation_id', type: 'varchar', length: 36 })
  organisationId: string;

  @Column({ type: 'varchar', length: 300 })
  name: string;

  @Column({ name: 'short_name', type: 'varchar', length: 30 })
  shortName: string;

  @Column({ type: 'varchar', length: 35, nullable: true })
  code: string | null;

  @CalendarDateColumn({ name: 'valid_from' })
  validFrom: string;

  @CalendarDateColumn({ name: 'valid_to', nullable: true })
  validTo: string | null;

  /** The event that opened this period (null for the identity the organisation was created with). */
  @Column({ name: 'event_id', type: 'varchar', length: 36, nullable: true })
  eventId: string | null;

  @InstantColumn({ name: 'created_at' })
  createdAt: Date;
}
