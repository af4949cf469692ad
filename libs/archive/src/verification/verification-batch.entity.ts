import { Column, Entity, PrimaryColumn } from 'typeorm';
import { InstantColumn, jsonText } from '@kyso/database';

/**
 * queued → running → completed | failed | cancelled. A running batch whose runner died is started again from
 * scratch (a new `attempt`); the three end states are final.
 */
export const BATCH_STATES = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;
export type VerificationBatchState = (typeof BATCH_STATES)[number];
export const UNFINISHED_STATES: readonly VerificationBatchState[] = ['queued', 'running'];

/** A request to re-verify every signed document of an organisation (and of the ones it inherited records from). */
@Entity('verification_batches')
export class VerificationBatch {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** The organisation named in the request. */
  @Column({ name: 'organisation_id', type: 'varchar', length: 36 })
  organisationId: string;

  /** Whose documents are verified: the organisation and, when asked, its predecessors — fixed at request time. */
  @Column({ name: 'organisation_ids', type: 'text', transformer: jsonText })
  organisationIds: string[];

  @Column({ name: 'include_predecessors', type: 'boolean', default: true })
  includePredecessors: boolean;

  /** "Were the signatures valid at this time?"; null: at the time each document is checked. */
  @InstantColumn({ name: 'validation_time', nullable: true })
  validationTime: Date | null;

  @Column({ name: 'requested_by', type: 'varchar', length: 36 })
  requestedBy: string;

  @Column({ type: 'varchar', length: 12 })
  state: VerificationBatchState;

  /** Raised by each (re)start; only the runner holding the latest attempt may write progress or the result. */
  @Column({ type: 'integer', default: 0 })
  attempt: number;

  /** Documents in scope (known once the runner has listed them). */
  @Column({ type: 'integer', default: 0 })
  total: number;

  @Column({ type: 'integer', default: 0 })
  done: number;

  @Column({ name: 'count_total_passed', type: 'integer', default: 0 })
  countTotalPassed: number;

  @Column({ name: 'count_total_failed', type: 'integer', default: 0 })
  countTotalFailed: number;

  @Column({ name: 'count_indeterminate', type: 'integer', default: 0 })
  countIndeterminate: number;

  @Column({ name: 'count_no_signature', type: 'integer', default: 0 })
  countNoSignature: number;

  @Column({ name: 'count_error', type: 'integer', default: 0 })
  countError: number;

  @Column({ name: 'documents_per_second', type: 'double precision', nullable: true })
  documentsPerSecond: number | null;

  @Column({ name: 'error_message', type: 'text', nullable: true })
  errorMessage: string | null;

  /** The JSON Lines results (one line per document), once completed. */
  @Column({ name: 'results_blob_key', type: 'varchar', length: 200, nullable: true })
  resultsBlobKey: string | null;

  @InstantColumn({ name: 'created_at' })
  createdAt: Date;

  @InstantColumn({ name: 'started_at', nullable: true })
  startedAt: Date | null;

  @InstantColumn({ name: 'finished_at', nullable: true })
  finishedAt: Date | null;

  @InstantColumn({ name: 'updated_at' })
  updatedAt: Date;
}
