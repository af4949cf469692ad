import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { col } from '../columns';

/**
 * One row saying which lineage the database holds: every transaction that changes organisations, their codes or
 * their links bumps `version` and draws a new `stamp`, so that each process (API replicas, workers, the CLI) can
 * tell per read whether the lineage it has in memory is still the current one. The stamp is new on every bump, so
 * a version seen inside a transaction that then rolled back is never mistaken for a committed one.
 */
export class LineageVersion1732900000000 implements MigrationInterface {
  name = 'LineageVersion1732900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'lineage_version',
        columns: [{ name: 'id', type: 'integer', isPrimary: true }, col.int('version'), col.uuid('stamp')],
      }),
    );
    await q.query(`INSERT INTO lineage_version (id, version, stamp) VALUES (1, 0, 'initial')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('lineage_version');
  }
}
