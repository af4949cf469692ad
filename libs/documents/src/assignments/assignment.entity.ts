import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CalendarDateColumn, InstantColumn } from '@kyso/database';

/** Chủ trì (lead), phối hợp (coordinate), để biết (for information). */
export const ASSIGNMENT_ROLES = ['lead', 'coordinate', 'info'] as const;
export type AssignmentRole = (typeof ASSIGNMENT_ROLES)[number];
export type AssignmentStatus = 'assigned' | 'in-progress' | 'done';

/** One unit or person a leader assigned an incoming document to, with instruction and deadline. */
@Entity('assignments')
export class Assignment {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'document_id', type: 'varchar', length: 36 })
  documentId: string;

  @Column({ name: 'organisation_id', type: 'varchar', length: 36 })
  organisationId: string;

  @Column({ type: 'varchar', length: 12 })
  role: AssignmentRole;

  @Column({ name: 'unit_id', type: 'varchar', length: 36, nullable: true })
  unitId: string | null;

  @Column({ name: 'user_id', type: 'varchar', length: 36, nullable: true })
  userId: string | null;

  /** Ý kiến chỉ đạo. */
  @Column({ type: 'text', nullable: true })
  instruction: string | null;

  @CalendarDateColumn({ nullable: true })
  deadline: string | null;

  @Column({ type: 'varchar', length: 12 })
  status: AssignmentStatus;

  @Column({ name: 'assigned_by', type: 'varchar', length: 36 })
  assignedBy: string;

  @InstantColumn({ name: 'assigned_at' })
  assignedAt: Date;

  @InstantColumn({ name: 'completed_at', nullable: true })
  completedAt: Date | null;

  @InstantColumn({ name: 'updated_at' })
  updatedAt: Date;
}
