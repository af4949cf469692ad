import { Column, Entity, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '@kyso/database';

export type RegisterKind = 'incoming' | 'outgoing' | 'internal';
export const REGISTER_KINDS: readonly RegisterKind[] = ['incoming', 'outgoing', 'internal'];

/**
 * A sổ văn bản: one organisation, one kind, one numbering series, one calendar year. `nextNumber` is the counter the
 * register hands out from (1 on creation, so numbering restarts on 1 January with the new year's register); documents
 * hold `(register_id, register_number)` under a unique index as the backstop.
 */
@Entity('registers')
export class Register {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'organisation_id', type: 'varchar', length: 36 })
  organisationId: string;

  @Column({ type: 'varchar', length: 10 })
  kind: RegisterKind;

  @Column({ type: 'integer' })
  year: number;

  /** The numbering series, e.g. `chung` (all administrative documents) or `QĐ` (decisions only). */
  @Column({ type: 'varchar', length: 40 })
  series: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ name: 'next_number', type: 'integer', default: 1 })
  nextNumber: number;

  @InstantColumn({ name: 'created_at' })
  createdAt: Date;

  @InstantColumn({ name: 'closed_at', nullable: true })
  closedAt: Date | null;
}
