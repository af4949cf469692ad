import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { col } from '../columns';

/**
 * Lineage of organisations: reorganisation events (merge, split, rename, change of identification code, transfer of
 * a unit) with their effective date, the predecessor → successor links they create, and the history of each
 * organisation's name and code. `organisations` keeps the current identity; `org_identities` keeps every past one,
 * so that a closed code can always be mapped to whoever holds its records today. See docs/reorganisation.md.
 */
export class OrganisationLineage1732500000000 implements MigrationInterface {
  name = 'OrganisationLineage1732500000000';

  async up(q: QueryRunner): Promise<void> {
    const orgFk = (column: string) => ({
      columnNames: [column],
      referencedTableName: 'organisations',
      referencedColumnNames: ['id'],
    });
    await q.createTable(
      new Table({
        name: 'org_events',
        columns: [
          col.id(),
          col.str('kind', 20),
          col.date('effective_date'),
          col.str('status', 15),
          col.str('decision', 200, true),
          col.text('note', true),
          col.json('details'),
          col.uuid('recorded_by', true),
          col.instant('recorded_at'),
          col.uuid('applied_by', true),
          col.instant('applied_at', true),
          col.json('application'),
        ],
        indices: [
          { name: 'ix_org_events_effective', columnNames: ['effective_date'] },
          { name: 'ix_org_events_status', columnNames: ['status', 'effective_date'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'org_lineage_links',
        columns: [
          col.id(),
          col.uuid('event_id'),
          col.uuid('predecessor_id'),
          col.uuid('successor_id'),
          col.str('kind', 20),
          col.date('effective_date'),
          col.uuid('unit_id', true),
        ],
        indices: [
          { name: 'ix_org_lineage_predecessor', columnNames: ['predecessor_id'] },
          { name: 'ix_org_lineage_successor', columnNames: ['successor_id'] },
        ],
        foreignKeys: [
          { columnNames: ['event_id'], referencedTableName: 'org_events', referencedColumnNames: ['id'] },
          orgFk('predecessor_id'),
          orgFk('successor_id'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'org_identities',
        columns: [
          col.id(),
          col.uuid('organisation_id'),
          col.str('name', 300),
          col.str('short_name', 30),
          col.str('code', 35, true),
          col.date('valid_from'),
          col.date('valid_to', true),
          col.uuid('event_id', true),
          col.instant('created_at'),
        ],
        indices: [
          { name: 'ix_org_identities_org', columnNames: ['organisation_id', 'valid_from'] },
          { name: 'ix_org_identities_code', columnNames: ['code', 'valid_from'] },
        ],
        foreignKeys: [
          orgFk('organisation_id'),
          { columnNames: ['event_id'], referencedTableName: 'org_events', referencedColumnNames: ['id'] },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('org_identities');
    await q.dropTable('org_lineage_links');
    await q.dropTable('org_events');
  }
}
