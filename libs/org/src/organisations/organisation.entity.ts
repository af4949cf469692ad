import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CalendarDateColumn, InstantColumn } from '@kyso/database';

/** A cơ quan, tổ chức such as `Ủy ban nhân dân xã Tân Phú` (short name `UBND`, code `000.00.12.H41`). */
@Entity('organisations')
export class Organisation {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 300 })
  name: string;

  /** The abbreviation used in document symbols: `UBND` in `05/QĐ-UBND`. */
  @Column({ name: 'short_name', type: 'varchar', length: 30 })
  shortName: string;

  /** Identification code (Decision 20/2020/QD-TTg), e.g. `000.00.12.H41`. */
  @Column({ type: 'varchar', length: 35, nullable: true })
  code: string | null;

  @CalendarDateColumn({ name: 'valid_from' })
  validFrom: string;

  /** Last day the organisation operated (e.g. before a merger); null while it exists. */
  @CalendarDateColumn({ name: 'valid_to', nullable: true })
  validTo: string | null;

  @InstantColumn({ name: 'created_at' })
  createdAt: Date;

  @InstantColumn({ name: 'updated_at' })
  updatedAt: Date;
}
