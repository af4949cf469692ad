import type { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from './transaction';

/**
 * How a service's transaction is run. By default the service runs its own; a caller may pass a runner that wraps
 * it — the API's idempotency keys do, to record the key and answer in the same transaction (or to replay an answer
 * stored by an earlier attempt without running `work` at all). Services do their slow preparation (storing files,
 * checking signatures) before calling the runner, so no connection is held meanwhile.
 */
export type TransactionRunner = <T>(work: (em: EntityManager) => Promise<T>) => Promise<T>;

/**
 * Runs `work` through the caller's runner, or inside the caller's open transaction (an EntityManager), or else in a
 * transaction of its own, retried on serialization failures.
 */
export function unitOfWork<T>(
  ds: DataSource,
  outer: TransactionRunner | EntityManager | undefined,
  work: (em: EntityManager) => Promise<T>,
): Promise<T> {
  if (typeof outer === 'function') return outer(work);
  if (outer) return work(outer);
  return inTransaction(ds, work);
}

/**
 * Runs a read. PostgreSQL needs no transaction for it (saving two round trips); on SQLite it takes its turn on the
 * one connection like a transaction, so that it never sees another request's uncommitted rows.
 */
export function readOnly<T>(ds: DataSource, work: (em: EntityManager) => Promise<T>): Promise<T> {
  return ds.options.type === 'postgres' ? work(ds.manager) : inTransaction(ds, work);
}

/** `SELECT … FOR UPDATE` where the driver has it; SQLite's single writer already serialises transactions. */
export function writeLock(em: EntityManager): { mode: 'pessimistic_write' } | undefined {
  return em.connection.options.type === 'postgres' ? { mode: 'pessimistic_write' } : undefined;
}

/** True when a driver error is a unique-constraint violation (PostgreSQL 23505, SQLite CONSTRAINT_UNIQUE). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } };
  const code = e?.driverError?.code ?? e?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
