import { randomInt } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';

/** Advisory-lock key space (two-int4 form, first key) of process presence: 0x6b797370 is "kysp" in ASCII. */
export const PRESENCE_LOCK_SPACE = 0x6b797370;

/**
 * Whether the process that recorded a row is still running, so that work a dead process had claimed (SIGKILL, lost
 * machine) can be taken over at once rather than after a timeout. Each process has an id; on PostgreSQL it holds
 * the session-level advisory lock (PRESENCE_LOCK_SPACE, id) on a connection of its own for as long as it lives, and
 * PostgreSQL drops that lock when the process or the connection goes — so a lock another session can take means
 * "gone". If the connection breaks while the process lives, its claims look abandoned: whoever relies on this must
 * make a takeover safe (a claim token checked when the work commits), not merely unlikely.
 * On SQLite one process owns the database file: any id but its own is from an earlier run.
 */
export interface Presence {
  /** This process's id, to record in the rows it claims. */
  readonly id: number;
  /** False only when the process with that id is certainly gone; true when it lives or when that cannot be told. */
  isAlive(id: number): Promise<boolean>;
  close(): Promise<void>;
}

const MAX_ID = 2 ** 31 - 1;

export async function openPresence(ds: DataSource): Promise<Presence> {
  if (ds.options.type !== 'postgres') {
    const id = randomInt(1, MAX_ID);
    return { id, isAlive: async (other) => other === id, close: async () => undefined };
  }
  const client = new Client({
    connectionString: (ds.options as PostgresConnectionOptions).url,
    connectionTimeoutMillis: 5000,
  });
  // A broken connection must not end the process; its lock is gone, which isAlive's callers are ready for.
  client.on('error', () => undefined);
  await client.connect();
  const tryLock = async (id: number): Promise<boolean> =>
    (
      await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [
        PRESENCE_LOCK_SPACE,
        id,
      ])
    ).rows[0].ok;
  let id = randomInt(1, MAX_ID);
  while (!(await tryLock(id))) id = randomInt(1, MAX_ID); // another live process drew the same id
  return {
    id,
    async isAlive(other) {
      if (other === id) return true;
      try {
        if (!(await tryLock(other))) return true;
        await client.query('SELECT pg_advisory_unlock($1, $2)', [PRESENCE_LOCK_SPACE, other]);
        return false;
      } catch {
        return true;
      }
    },
    close: () => client.end(),
  };
}
