import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  DataSource,
  type DataSourceOptions,
  type EntitySchema,
  MigrationExecutor,
  type MixedList,
} from 'typeorm';
import { KysoError } from '@kyso/common';
import type { DatabaseConfig } from '@kyso/config';
import { migrations as allMigrations } from './migrations';
import { withStartupLock } from './startup-lock';

export interface DataSourceParts {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations?: MixedList<Function | string>;
}

/** Builds (does not connect) the TypeORM data source for the configured database. Schema changes come only
 * from migrations: `synchronize` is always off. */
export function createDataSource(config: DatabaseConfig, parts: DataSourceParts): DataSource {
  const common = {
    entities: parts.entities,
    migrations: parts.migrations ?? allMigrations,
    synchronize: false,
    migrationsRun: false,
    logging: false,
  } as const;
  let options: DataSourceOptions;
  if (config.kind === 'sqlite') {
    mkdirSync(dirname(config.file), { recursive: true });
    options = {
      ...common,
      type: 'better-sqlite3',
      database: config.file,
      // WAL lets readers run while one writer commits; busy_timeout queues writers instead of failing.
      prepareDatabase: (db: { pragma(s: string): unknown }) => {
        db.pragma('journal_mode = WAL');
        db.pragma('busy_timeout = 10000');
        db.pragma('foreign_keys = ON');
        db.pragma('synchronous = NORMAL');
      },
    };
  } else {
    options = {
      ...common,
      type: 'postgres',
      url: config.url,
      extra: { max: config.poolSize, connectionTimeoutMillis: 5000 },
      connectTimeoutMS: 5000,
    };
  }
  return new DataSource(options);
}

/**
 * Connects and applies pending migrations, under the start-up lock so that processes started together migrate
 * once (the others wait, then find nothing pending). Errors name the database without its password.
 */
export async function openDatabase(config: DatabaseConfig, parts: DataSourceParts): Promise<DataSource> {
  const ds = createDataSource(config, parts);
  try {
    await ds.initialize();
  } catch (err) {
    throw new DatabaseUnavailableError(config, err as Error);
  }
  await withStartupLock(ds, async (session) => {
    const executor = new MigrationExecutor(ds, session);
    executor.transaction = 'each';
    await executor.executePendingMigrations();
  });
  return ds;
}

/** The database cannot be reached or opened. The message names it without its password. */
export class DatabaseUnavailableError extends KysoError {
  constructor(config: DatabaseConfig, cause: Error) {
    const where =
      config.kind === 'sqlite'
        ? `SQLite file ${config.file}`
        : `PostgreSQL at ${config.url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@')}`;
    const reason = cause.message || (cause as { code?: string }).code || String(cause);
    super(
      'DATABASE_UNAVAILABLE',
      'unavailable',
      `cannot open the database (${where}): ${reason}`,
      `không mở được cơ sở dữ liệu (${where}): ${reason}`,
      undefined,
      { cause },
    );
  }
}

export async function databaseHealth(ds: DataSource): Promise<{ ok: boolean; detail: string }> {
  try {
    await ds.query('SELECT 1');
    return { ok: true, detail: ds.options.type };
  } catch (err) {
    return { ok: false, detail: (err as Error).message };
  }
}
