import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { col } from '../columns';

/**
 * Organisations (UBND xã …), their units (phòng/ban) and users with roles. A user belongs to at most one
 * organisation; the system administrator has none. Roles live in their own table because a user may hold several.
 */
export class Organisations1732400000000 implements MigrationInterface {
  name = 'Organisations1732400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'organisations',
        columns: [
          col.id(),
          col.str('name', 300),
          col.str('short_name', 30),
          col.str('code', 35, true),
          col.date('valid_from'),
          col.date('valid_to', true),
          col.instant('created_at'),
          col.instant('updated_at'),
        ],
        uniques: [{ name: 'uq_organisations_code', columnNames: ['code'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'org_units',
        columns: [
          col.id(),
          col.uuid('organisation_id'),
          col.str('name', 300),
          col.str('abbreviation', 20),
          col.bool('active', true),
          col.instant('created_at'),
        ],
        uniques: [{ name: 'uq_org_units_abbreviation', columnNames: ['organisation_id', 'abbreviation'] }],
        foreignKeys: [
          {
            columnNames: ['organisation_id'],
            referencedTableName: 'organisations',
            referencedColumnNames: ['id'],
          },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'users',
        columns: [
          col.id(),
          col.uuid('organisation_id', true),
          col.uuid('unit_id', true),
          col.str('username', 100),
          col.str('full_name', 200),
          col.str('title', 200, true),
          col.str('password_hash', 200),
          col.bool('active', true),
          col.instant('created_at'),
          col.instant('updated_at'),
        ],
        uniques: [{ name: 'uq_users_username', columnNames: ['username'] }],
        indices: [{ name: 'ix_users_organisation', columnNames: ['organisation_id'] }],
        foreignKeys: [
          {
            columnNames: ['organisation_id'],
            referencedTableName: 'organisations',
            referencedColumnNames: ['id'],
          },
          { columnNames: ['unit_id'], referencedTableName: 'org_units', referencedColumnNames: ['id'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'user_roles',
        columns: [
          { ...col.uuid('user_id'), isPrimary: true },
          { ...col.str('role', 20), isPrimary: true },
        ],
        foreignKeys: [
          {
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('user_roles');
    await q.dropTable('users');
    await q.dropTable('org_units');
    await q.dropTable('organisations');
  }
}
