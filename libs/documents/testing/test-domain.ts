import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { loadConfig } from '@kyso/config';
import { openDatabase } from '@kyso/database';
import { type Actor, type Clock, lineageEntities, orgEntities, Role } from '@kyso/org';
import { LocalBlobStore } from '@kyso/storage';
import { createDomainServices, type DomainServices } from '../src/domain-services';
import { documentsEntities } from '../src/index';
import type { IncomingSignatureChecker } from '../src/incoming/incoming-signature-checker';

/** A clock the test moves by hand (e.g. to 31 December 23:59:59 Vietnam time). */
export class ManualClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(instant: Date | string): void {
    this.current = new Date(instant);
  }
}

export interface TestOrganisation {
  id: string;
  admin: Actor;
  clerk: Actor;
  leader: Actor;
  officer: Actor;
  unitId: string;
}

export interface TestDomain {
  ds: DataSource;
  services: DomainServices;
  clock: ManualClock;
  sysadmin: Actor;
  blobDir: string;
  /** Creates an organisation with a unit `VX` and one user per role (officer in the unit). */
  organisation(shortName: string, name?: string): Promise<TestOrganisation>;
  close(): Promise<void>;
}

function actorOf(u: {
  id: string;
  organisationId: string | null;
  unitId: string | null;
  roles: Role[];
}): Actor {
  return { userId: u.id, organisationId: u.organisationId, unitId: u.unitId, roles: u.roles };
}

/**
 * The whole domain over a real database (a fresh SQLite file by default, or the given PostgreSQL URL) and a temporary
 * blob directory, for service-level tests.
 */
export async function createTestDomain(
  options: {
    databaseUrl?: string;
    now?: string;
    poolSize?: number;
    signatureChecker?: IncomingSignatureChecker;
  } = {},
): Promise<TestDomain> {
  const dir = await mkdtemp(join(tmpdir(), 'kyso-docs-'));
  const config = loadConfig({
    DATABASE_URL: options.databaseUrl ?? `sqlite:${join(dir, 'kyso.sqlite')}`,
    KYSO_DB_POOL: String(options.poolSize ?? 10),
    KYSO_DATA_DIR: dir,
  });
  const ds = await openDatabase(config.database, {
    entities: [...orgEntities, ...lineageEntities, ...documentsEntities],
  });
  const clock = new ManualClock(new Date(options.now ?? '2025-07-14T02:30:00Z'));
  const blobDir = join(dir, 'blobs');
  const services = createDomainServices({
    dataSource: ds,
    blobStore: new LocalBlobStore(blobDir),
    clock,
    signatureChecker: options.signatureChecker,
  });
  const root = await services.users.bootstrapAdmin({ username: 'root', password: 'root-password' });
  const sysadmin = actorOf(root!);
  let n = 0;
  return {
    ds,
    services,
    clock,
    sysadmin,
    blobDir,
    async organisation(shortName, name) {
      n++;
      const org = await services.organisations.create(sysadmin, {
        name: name ?? `Ủy ban nhân dân xã Thử ${n}`,
        shortName,
        code: `000.00.${String(n).padStart(2, '0')}.H41`,
      });
      const admin = actorOf(
        await services.users.create(sysadmin, {
          organisationId: org.id,
          username: `admin${n}`,
          fullName: 'Quản trị',
          password: 'password-1',
          roles: [Role.ADMIN],
        }),
      );
      const unit = await services.units.create(admin, { name: 'Văn hóa - Xã hội', abbreviation: 'VX' });
      const mk = async (role: Role, fullName: string, unitId: string | null = null) =>
        actorOf(
          await services.users.create(admin, {
            username: `${role}${n}`,
            fullName,
            password: 'password-1',
            roles: [role],
            unitId,
            title: role === Role.LEADER ? 'Chủ tịch' : null,
          }),
        );
      return {
        id: org.id,
        admin,
        clerk: await mk(Role.CLERK, 'Văn thư'),
        leader: await mk(Role.LEADER, 'Nguyễn Văn Lãnh'),
        officer: await mk(Role.OFFICER, 'Trần Thị Chuyên', unit.id),
        unitId: unit.id,
      };
    },
    async close() {
      if (ds.isInitialized) await ds.destroy();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A tiny but well-formed PDF with a marker so that tests can tell files apart. */
export function samplePdf(marker = 'kyso'): Buffer {
  return Buffer.from(
    `%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n% ${marker}\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`,
    'latin1',
  );
}
