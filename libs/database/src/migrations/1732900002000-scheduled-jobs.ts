import { type MigrationInterface, type QueryRunner, Table, TableColumn } from 'typeorm';
import { col } from '../columns';

/**
 * One scheduler for every mode (libs/queue/src/scheduler): a periodic job runs at most once per period across all
 * processes because each run first inserts its lease row, and the primary key (name, period_key) lets one insert
 * win. The row then keeps the run's outcome, which the admin endpoint and /health show.
 *
 * A merger or split may be approved ahead with its dry-run plan (`approval`: plan hash, decisions, the instant it
 * applies at; status `approved`), and the scheduler applies it at that instant or holds it (status `held`).
 */
export class ScheduledJobs1732900002000 implements MigrationInterface {
  name = 'ScheduledJobs1732900002000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'scheduled_jobs',
        columns: [
          { ...col.str('name', 100), isPrimary: true },
          { ...col.str('period_key', 32), isPrimary: true },
          col.str('claimed_by', 200),
          col.instant('claimed_at'),
          col.instant('finished_at', true),
          col.str('status', 10),
          col.json('outcome'),
        ],
        indices: [{ name: 'ix_scheduled_jobs_claimed', columnNames: ['name', 'claimed_at'] }],
      }),
    );
    await q.addColumns('org_events', [
      new TableColumn(col.uuid('approved_by', true)),
      new TableColumn(col.instant('approved_at', true)),
      new TableColumn(col.json('approval')),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('org_events', 'approval');
    await q.dropColumn('org_events', 'approved_at');
    await q.dropColumn('org_events', 'approved_by');
    await q.dropTable('scheduled_jobs');
  }
}
