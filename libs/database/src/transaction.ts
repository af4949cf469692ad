import type { DataSource, EntityManager } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';

/** PostgreSQL serialization failure / deadlock, SQLite busy: the transaction can be retried as a whole. */
function isRetryable(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } };
  const code = e?.driverError?.code ?? e?.code;
  return code === '40001' || code === '40P01' || code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT';
}

/**
 * Runs `work` in one transaction and retries it from the start on serialization conflicts, so callers can use
 * SERIALIZABLE (or row locks) for invariants such as gap-free numbering without handling retries themselves.
 * `work` must not have side effects outside the transaction.
 */
const sqliteQueues = new WeakMap<DataSource, Promise<unknown>>();

/** better-sqlite3 has one connection per data source: transactions from concurrent requests must take turns. */
function serialised<T>(ds: DataSource, run: () => Promise<T>): Promise<T> {
  const previous = sqliteQueues.get(ds) ?? Promise.resolve();
  const next = previous.then(run, run);
  sqliteQueues.set(
    ds,
    next.catch(() => undefined),
  );
  return next;
}

export async function inTransaction<T>(
  ds: DataSource,
  work: (em: EntityManager) => Promise<T>,
  options: { isolation?: IsolationLevel; attempts?: number } = {},
): Promise<T> {
  const attempts = options.attempts ?? 8;
  // SQLite has a single writer and no isolation levels to choose: its transactions are serializable.
  const isolation = ds.options.type === 'postgres' ? options.isolation : undefined;
  for (let attempt = 1; ; attempt++) {
    try {
      if (ds.options.type !== 'postgres') return await serialised(ds, () => ds.transaction(work));
      return isolation ? await ds.transaction(isolation, work) : await ds.transaction(work);
    } catch (err) {
      if (attempt >= attempts || !isRetryable(err)) throw err;
      await new Promise((r) => setTimeout(r, Math.min(200, 5 * 2 ** attempt) * Math.random()));
    }
  }
}
