import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { col } from '../columns';

/** Remote (two-step) signing sessions and the certificates bound to users for them. */
export class SigningSessions1732600000000 implements MigrationInterface {
  name = 'SigningSessions1732600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'signing_sessions',
        columns: [
          col.id(),
          col.uuid('document_id'),
          col.uuid('organisation_id'),
          col.uuid('user_id'),
          col.int('base_version'),
          col.str('base_sha256', 64),
          col.str('state', 10),
          col.text('pending'),
          col.str('certificate_sha256', 64),
          col.instant('expires_at'),
          col.text('result', true),
          col.instant('created_at'),
          col.instant('completed_at', true),
        ],
      }),
    );
    await q.createIndex(
      'signing_sessions',
      new TableIndex({ name: 'ix_signing_sessions_document', columnNames: ['document_id'] }),
    );
    await q.createTable(
      new Table({
        name: 'user_certificates',
        columns: [
          col.id(),
          col.uuid('user_id'),
          col.uuid('organisation_id'),
          col.str('sha256', 64),
          col.str('subject', 500),
          col.str('serial_hex', 80),
          col.instant('not_after'),
          col.uuid('registered_by'),
          col.instant('created_at'),
        ],
        uniques: [{ name: 'uq_user_certificates_user_sha', columnNames: ['user_id', 'sha256'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('user_certificates');
    await q.dropTable('signing_sessions');
  }
}
