import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CalendarDateColumn, InstantColumn, jsonText } from '@kyso/database';
import type { ReorganisationDetails, ReorganisationKind, ReorganisationStatus } from './reorganisation-event';

/** One reorganisation recorded by the system administrator, e.g. "A and B merge into C from 2025-07-01". */
@Entity('org_events')
export class ReorganisationEvent {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 20 })
  kind: ReorganisationKind;

  /** First day the new arrangement is in force; predecessors' last day is the day before. */
  @CalendarDateColumn({ name: 'effective_date' })
  effectiveDate: string;

  @Column({ type: 'varchar', length: 15 })
  status: ReorganisationStatus;

  /** The decision that ordered it, e.g. `Nghị quyết 1656/NQ-UBTVQH15`. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  decision: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'text', nullable: true, transformer: jsonText })
  details: ReorganisationDetails;

  @Column({ name: 'recorded_by', type: 'varchar', length: 36, nullable: true })
  recordedBy: string | null;

  @InstantColumn({ name: 'recorded_at' })
  recordedAt: Date;

  @Column({ name: 'applied_by', type: 'varchar', length: 36, nullable: true })
  appliedBy: string | null;

  @InstantColumn({ name: 'applied_at', nullable: true })
  appliedAt: Date | null;

  @Column({ name: 'approved_by', type: 'varchar', length: 36, nullable: true })
  approvedBy?: string | null;

  @InstantColumn({ name: 'approved_at', nullable: true })
  approvedAt?: Date | null;

  /** The plan approved ahead (hash, decisions, when it applies) and, once held, why. See ReorganisationApproval. */
  @Column({ type: 'text', nullable: true, transformer: jsonText })
  approval?: Record<string, unknown> | null;

  /** What the continuity transaction did (counts, mapping, plan fingerprint). */
  @Column({ type: 'text', nullable: true, transformer: jsonText })
  application: Record<string, unknown> | null;
}
