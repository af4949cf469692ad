import { Column, Entity, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '@kyso/database';

/** A phòng/ban (or lĩnh vực) of an organisation; its abbreviation closes a công văn symbol: `12/UBND-VX`. */
@Entity('org_units')
export class OrgUnit {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'organisation_id', type: 'varchar', length: 36 })
  organisationId: string;

  @Column({ type: 'varchar', length: 300 })
  name: string;

  @Column({ type: 'varchar', length: 20 })
  abbreviation: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @InstantColumn({ name: 'created_at' })
  createdAt: Date;
}
