import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';
import { col } from '../columns';

/**
 * A recipient addressed to an organisation that had ceased is delivered to its successor; `routed_from` (JSON: the
 * organisation as addressed, its code and the lineage link) keeps what the sender asked for.
 */
export class RecipientRouting1732900001000 implements MigrationInterface {
  name = 'RecipientRouting1732900001000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('document_recipients', new TableColumn(col.json('routed_from')));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('document_recipients', 'routed_from');
  }
}
