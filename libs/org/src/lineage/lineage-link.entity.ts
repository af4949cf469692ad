import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CalendarDateColumn } from '@kyso/database';
import type { LineageLinkKind } from './reorganisation-event';

/** An edge of the lineage graph: from the effective date, `successor` holds what `predecessor` held. */
@Entity('org_lineage_links')
export class LineageLink {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'event_id', type: 'varchar', length: 36 })
  eventId: string;

  @Column({ name: 'predecessor_id', type: 'varchar', length: 36 })
  predecessorId: string;

  @Column({ name: 'successor_id', type: 'varchar', length: 36 })
  successorId: string;

  @Column({ type: 'varchar', length: 20 })
  kind: LineageLinkKind;

  @CalendarDateColumn({ name: 'effective_date' })
  effectiveDate: string;

  /** For a unit transfer: the unit that moved (the organisations themselves continue). */
  @Column({ name: 'unit_id', type: 'varchar', length: 36, nullable: true })
  unitId: string | null;
}
