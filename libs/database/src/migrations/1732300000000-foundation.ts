import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { col } from '../columns';

/**
 * Idempotency keys let a client retry a creating request (network drop, double click) without creating twice:
 * the first response is stored under (user, key) and replayed.
 */
export class Foundation1732300000000 implements MigrationInterface {
  name = 'Foundation1732300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'idempotency_keys',
        columns: [
          col.str('scope', 120),
          col.str('key', 200),
          col.str('request_hash', 64),
          col.int('status_code', true),
          col.text('response_body', true),
          col.instant('created_at'),
        ],
        uniques: [{ name: 'uq_idempotency_scope_key', columnNames: ['scope', 'key'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('idempotency_keys');
  }
}
