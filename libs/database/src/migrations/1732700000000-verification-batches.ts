import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { col } from '../columns';

/**
 * Batch verification (libs/archive/src/verification): one row per request to re-verify every signed document of an
 * organisation (and of its predecessors). The row carries the progress the API reports; the results themselves are a
 * JSON Lines blob named by `results_blob_key`. `attempt` tells runners apart when a crashed batch is started again.
 */
export class VerificationBatches1732700000000 implements MigrationInterface {
  name = 'VerificationBatches1732700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'verification_batches',
        columns: [
          col.id(),
          col.uuid('organisation_id'),
          col.json('organisation_ids', false),
          col.bool('include_predecessors', true),
          col.instant('validation_time', true),
          col.uuid('requested_by'),
          col.str('state', 12),
          { ...col.int('attempt'), default: 0 },
          { ...col.int('total'), default: 0 },
          { ...col.int('done'), default: 0 },
          { ...col.int('count_total_passed'), default: 0 },
          { ...col.int('count_total_failed'), default: 0 },
          { ...col.int('count_indeterminate'), default: 0 },
          { ...col.int('count_no_signature'), default: 0 },
          { ...col.int('count_error'), default: 0 },
          col.double('documents_per_second', true),
          col.text('error_message', true),
          col.str('results_blob_key', 200, true),
          col.instant('created_at'),
          col.instant('started_at', true),
          col.instant('finished_at', true),
          col.instant('updated_at'),
        ],
        indices: [
          { name: 'ix_verification_batches_state', columnNames: ['state'] },
          { name: 'ix_verification_batches_org', columnNames: ['organisation_id', 'created_at'] },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('verification_batches');
  }
}
