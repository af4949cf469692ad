import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { col } from '../columns';

/**
 * Long-term preservation (libs/archive):
 * - augmentation runs and their per-document items, so that a run interrupted by a crash resumes where it stopped
 *   (an item is done exactly when the transaction that records its new file version commits);
 * - per document, until when its latest archive timestamp protects it, and when it must be renewed;
 * - RFC 4998 evidence records: batches of hashed files, the archive timestamps of each batch (initial, timestamp
 *   renewals, hash-tree renewals) and each file's place in the batch's hash trees.
 */
export class Archive1732500001000 implements MigrationInterface {
  name = 'Archive1732500001000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'archive_runs',
        columns: [
          col.id(),
          col.str('kind', 20),
          col.str('status', 15),
          col.text('reason', true),
          col.uuid('event_id', true),
          col.json('scope'),
          col.str('level', 8),
          col.int('claim_seconds'),
          col.uuid('created_by', true),
          col.instant('created_at'),
          col.instant('started_at', true),
          col.instant('finished_at', true),
          col.instant('updated_at'),
          col.json('report'),
        ],
        indices: [{ name: 'ix_archive_runs_status', columnNames: ['status'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'archive_run_items',
        columns: [
          col.id(),
          col.uuid('run_id'),
          col.uuid('document_id'),
          col.uuid('organisation_id'),
          col.str('state', 12),
          { ...col.int('attempts'), default: 0 },
          col.str('claimed_by', 80, true),
          col.instant('claimed_until', true),
          col.text('reason', true),
          col.json('result'),
          col.instant('updated_at'),
        ],
        uniques: [{ name: 'uq_archive_run_items_document', columnNames: ['run_id', 'document_id'] }],
        indices: [{ name: 'ix_archive_run_items_state', columnNames: ['run_id', 'state'] }],
        foreignKeys: [
          { columnNames: ['run_id'], referencedTableName: 'archive_runs', referencedColumnNames: ['id'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'archive_protection',
        columns: [
          { ...col.uuid('document_id'), isPrimary: true },
          col.uuid('document_file_id'),
          col.uuid('organisation_id'),
          col.str('sha256', 64),
          col.str('level', 8),
          col.str('state', 15),
          col.instant('last_timestamp_at', true),
          col.instant('protected_until', true),
          col.str('limited_by', 120, true),
          col.instant('renew_after', true),
          col.text('detail', true),
          col.instant('checked_at'),
        ],
        indices: [
          { name: 'ix_archive_protection_renew', columnNames: ['renew_after'] },
          { name: 'ix_archive_protection_state', columnNames: ['state'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'archive_evidence_batches',
        columns: [
          col.id(),
          col.str('label', 200, true),
          col.int('leaf_count'),
          col.uuid('created_by', true),
          col.instant('created_at'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'archive_evidence_stamps',
        columns: [
          col.id(),
          col.uuid('batch_id'),
          col.int('chain_index'),
          col.int('stamp_index'),
          col.str('algorithm', 10),
          col.str('root', 128),
          col.str('tree_blob_key', 200, true),
          col.text('token'),
          col.instant('gen_time'),
          col.instant('tsa_not_after', true),
          col.instant('created_at'),
        ],
        uniques: [
          { name: 'uq_archive_evidence_stamps', columnNames: ['batch_id', 'chain_index', 'stamp_index'] },
        ],
        foreignKeys: [
          {
            columnNames: ['batch_id'],
            referencedTableName: 'archive_evidence_batches',
            referencedColumnNames: ['id'],
          },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'archive_evidence_items',
        columns: [
          col.id(),
          col.uuid('batch_id'),
          col.int('leaf_index'),
          col.str('subject_type', 20),
          col.str('subject_id', 100),
          col.str('label', 300, true),
          col.json('sources'),
          col.str('digest', 128),
          col.instant('created_at'),
        ],
        uniques: [{ name: 'uq_archive_evidence_items_leaf', columnNames: ['batch_id', 'leaf_index'] }],
        indices: [{ name: 'ix_archive_evidence_items_subject', columnNames: ['subject_type', 'subject_id'] }],
        foreignKeys: [
          {
            columnNames: ['batch_id'],
            referencedTableName: 'archive_evidence_batches',
            referencedColumnNames: ['id'],
          },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'archive_evidence_items',
      'archive_evidence_stamps',
      'archive_evidence_batches',
      'archive_protection',
      'archive_run_items',
      'archive_runs',
    ]) {
      await q.dropTable(t);
    }
  }
}
