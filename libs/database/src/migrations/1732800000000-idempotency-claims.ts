import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';
import { col } from '../columns';

/**
 * An idempotency key is claimed before its request's work starts: a row with no answer yet (`status_code` NULL),
 * `claim_id` naming the attempt that holds it (only that attempt may store the answer) and `claimed_by` the process
 * running it (libs/database presence), so that a retry can tell a claim in progress from one its process abandoned.
 */
export class IdempotencyClaims1732800000000 implements MigrationInterface {
  name = 'IdempotencyClaims1732800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('idempotency_keys', [
      new TableColumn(col.uuid('claim_id', true)),
      new TableColumn(col.int('claimed_by', true)),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('idempotency_keys', 'claimed_by');
    await q.dropColumn('idempotency_keys', 'claim_id');
  }
}
