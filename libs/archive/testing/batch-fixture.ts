import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { loadConfig } from '@kyso/config';
import { openDatabase } from '@kyso/database';
import {
  createDomainServices,
  documentsEntities,
  type DomainServices,
  OrganisationHoldingsRepository,
} from '@kyso/documents';
import { type Actor, type Clock, LineageService, lineageEntities, orgEntities, Role } from '@kyso/org';
import { LocalBlobStore } from '@kyso/storage';
import { VerificationBatch } from '../src/verification/verification-batch.entity';

/** A clock the test sets by hand. */
export class SettableClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(instant: string | Date): void {
    this.current = new Date(instant);
  }
}

export interface FixtureOrganisation {
  id: string;
  code: string;
  admin: Actor;
  clerk: Actor;
  leader: Actor;
  officer: Actor;
}

export interface BatchFixture {
  ds: DataSource;
  blobs: LocalBlobStore;
  domain: DomainServices;
  lineage: LineageService;
  clock: SettableClock;
  sysadmin: Actor;
  organisation(name: string, code: string): Promise<FixtureOrganisation>;
  /** Registers an incoming document with `bytes` as its received file; returns the document id. */
  receive(org: FixtureOrganisation, bytes: Buffer, fileName?: string): Promise<string>;
  close(): Promise<void>;
}

const actorOf = (u: {
  id: string;
  organisationId: string | null;
  unitId: string | null;
  roles: Role[];
}): Actor => ({ userId: u.id, organisationId: u.organisationId, unitId: u.unitId, roles: u.roles });

/**
 * Organisations, users and stored documents over a real database (a fresh SQLite file, or the given PostgreSQL URL)
 * and a temporary blob directory, with the verification_batches entity registered — for batch verification tests.
 */
export async function createBatchFixture(
  options: { databaseUrl?: string; now?: string } = {},
): Promise<BatchFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'kyso-batch-'));
  const config = loadConfig({
    DATABASE_URL: options.databaseUrl ?? `sqlite:${join(dir, 'kyso.sqlite')}`,
    KYSO_DATA_DIR: dir,
  });
  const ds = await openDatabase(config.database, {
    entities: [...orgEntities, ...lineageEntities, ...documentsEntities, VerificationBatch],
  });
  const clock = new SettableClock(new Date(options.now ?? '2025-07-14T02:30:00Z'));
  const blobs = new LocalBlobStore(join(dir, 'blobs'));
  const domain = createDomainServices({ dataSource: ds, blobStore: blobs, clock });
  const lineage = new LineageService(ds, clock, domain.audit, new OrganisationHoldingsRepository());
  const root = await domain.users.bootstrapAdmin({ username: 'root', password: 'root-password' });
  const sysadmin = actorOf(root!);
  let users = 0;
  let documents = 0;
  return {
    ds,
    blobs,
    domain,
    lineage,
    clock,
    sysadmin,
    async organisation(name, code) {
      const org = await domain.organisations.create(sysadmin, {
        name,
        shortName: 'UBND',
        code,
        validFrom: '2024-01-01',
      });
      const mk = async (role: Role, by: Actor | null) => {
        users++;
        return actorOf(
          await domain.users.create(by ?? sysadmin, {
            organisationId: by ? undefined : org.id,
            username: `${role}${users}`,
            fullName: `Người dùng ${users}`,
            password: 'password-1',
            roles: [role],
          }),
        );
      };
      const admin = await mk(Role.ADMIN, null);
      return {
        id: org.id,
        code,
        admin,
        clerk: await mk(Role.CLERK, admin),
        leader: await mk(Role.LEADER, admin),
        officer: await mk(Role.OFFICER, admin),
      };
    },
    async receive(org, bytes, fileName = 'cong-van.pdf') {
      documents++;
      const doc = await domain.incoming.register(
        org.clerk,
        {
          typeCode: 'cong-van',
          numberSymbol: `${documents}/UBND-VP`,
          documentDate: '2025-07-10',
          subject: `Công văn số ${documents}`,
          senderName: 'UBND huyện Tân Phú',
          senderCode: '000.00.10.H41',
        },
        { bytes, fileName },
      );
      return doc.id;
    },
    async close() {
      if (ds.isInitialized) await ds.destroy();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
