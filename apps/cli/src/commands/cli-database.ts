import type { DataSource } from 'typeorm';
import { loadConfig } from '@kyso/config';
import { openDatabase } from '@kyso/database';
import { AuditTrail, documentsEntities } from '@kyso/documents';
import { type Actor, lineageEntities, orgEntities, Role } from '@kyso/org';
import { CliError } from '../cli-error';
import type { CliIo } from '../program';

/**
 * The database of this kyso installation (same settings as the API: DATABASE_URL, KYSO_DATA_DIR), opened for one
 * command and closed after it. Administrative commands act as a system administrator, named with `--as` or, when the
 * installation has only one, that one; the audit trail records who.
 */
export async function withDatabase<T>(
  io: CliIo,
  work: (ds: DataSource, audit: AuditTrail) => Promise<T>,
): Promise<T> {
  const config = loadConfig(io.env);
  const ds = await openDatabase(config.database, {
    entities: [...orgEntities, ...documentsEntities, ...lineageEntities],
  });
  try {
    return await work(ds, new AuditTrail());
  } finally {
    await ds.destroy();
  }
}

export async function systemAdministrator(ds: DataSource, username?: string): Promise<Actor> {
  const admins: Array<{ id: string; username: string }> = await ds.query(
    `SELECT u.id, u.username FROM users u JOIN user_roles r ON r.user_id = u.id WHERE u.organisation_id IS NULL AND r.role = ${ds.options.type === 'postgres' ? '$1' : '?'} AND u.active = ${ds.options.type === 'postgres' ? 'true' : '1'}`,
    [Role.ADMIN],
  );
  const chosen = username
    ? admins.find((a) => a.username === username)
    : admins.length === 1
      ? admins[0]
      : undefined;
  if (!chosen) {
    throw new CliError(
      username
        ? `"${username}" is not an active system administrator`
        : admins.length === 0
          ? 'no system administrator exists yet: start the API once with KYSO_BOOTSTRAP_ADMIN'
          : `several system administrators exist: name one with --as (${admins.map((a) => a.username).join(', ')})`,
    );
  }
  return { userId: chosen.id, organisationId: null, unitId: null, roles: [Role.ADMIN] };
}
