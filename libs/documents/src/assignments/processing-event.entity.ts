import { Column, Entity, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '@kyso/database';

/** The handling history users see on a document: presented, assigned, progress notes, completion, refusal. */
@Entity('processing_events')
export class ProcessingEvent {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'document_id', type: 'varchar', length: 36 })
  documentId: string;

  @Column({ name: 'organisation_id', type: 'varchar', length: 36 })
  organisationId: string;

  @Column({ name: 'assignment_id', type: 'varchar', length: 36, nullable: true })
  assignmentId: string | null;

  @Column({ type: 'varchar', length: 30 })
  kind: string;

  @Column({ name: 'actor_id', type: 'varchar', length: 36, nullable: true })
  actorId: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'integer', nullable: true })
  percent: number | null;

  @InstantColumn()
  at: Date;
}
