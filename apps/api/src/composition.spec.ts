/**
 * The API is one composition root: booted with its whole AppModule, it builds one set of trust services and one
 * validator, and every service that signs, extends, archives or validates is handed those instances.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test, type TestingModule } from '@nestjs/testing';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { VerificationBatchService } from '@kyso/archive';
import { loadConfig } from '@kyso/config';
import { openDatabase } from '@kyso/database';
import { IncomingService, SigningSessionService } from '@kyso/documents';
import type { TrustServices } from '@kyso/signing';
import { LocalBlobStore } from '@kyso/storage';
import { TrustStore, type Validator } from '@kyso/validation';
import { AppModule } from './app.module';
import { TRUST_SERVICES } from './core/trust-services.provider';
import { VALIDATOR } from './core/validator.provider';
import { PadesIncomingChecker } from './domain/pades-incoming-checker';
import { entities } from './entities';
import { ArchiveRunLauncher } from './reorganisation/archive-run-launcher';
import { SCHEDULER, SchedulerLifecycle } from './schedule/schedule.providers';
import { ScheduleReport } from './schedule/schedule.service';
import { SealSigningService } from './signing/seal-signing.service';
import { VerifyService } from './verify/verify.service';

/** The dependency a service was constructed with (they are private: this spec looks at the wiring only). */
const held = (service: object, field: string): unknown => (service as Record<string, unknown>)[field];

let dir: string;
let ds: DataSource;
let moduleRef: TestingModule;
const trustStoreLoads = vi.spyOn(TrustStore, 'load');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kyso-composition-'));
  const config = loadConfig({
    DATABASE_URL: `sqlite:${join(dir, 'kyso.sqlite')}`,
    KYSO_DATA_DIR: dir,
    // Never contacted: with a TSA configured the archive launcher gets its augmentation service.
    KYSO_TSA_URL: 'http://127.0.0.1:9/tsa',
    KYSO_LOG_LEVEL: 'silent',
  });
  ds = await openDatabase(config.database, { entities });
  moduleRef = await Test.createTestingModule({
    imports: [
      AppModule.forRoot({
        config,
        dataSource: ds,
        blobStore: new LocalBlobStore(join(dir, 'blobs')),
        logger: pino({ level: 'silent' }),
      }),
    ],
  }).compile();
});

afterAll(async () => {
  await moduleRef?.close();
  if (ds?.isInitialized) await ds.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('the API composition root', () => {
  it('hands its one set of trust services to seal signing, signing sessions and archive runs', () => {
    const trust = moduleRef.get<TrustServices>(TRUST_SERVICES);
    expect(trust.tsa).toBeDefined();
    expect(held(moduleRef.get(SealSigningService), 'services')).toBe(trust);
    expect(held(moduleRef.get(SigningSessionService), 'trust')).toBe(trust);
    // The archive keeps the same clients but reads them on the wall clock, never on a test clock.
    const archive = held(moduleRef.get(ArchiveRunLauncher).service(), 'deps') as { trust: TrustServices };
    expect(archive.trust.tsa).toBe(trust.tsa);
    expect(archive.trust.ocsp).toBe(trust.ocsp);
    expect(archive.trust.crl).toBe(trust.crl);
  });

  it('hands its one validator to POST /verify, the incoming check and verification batches', () => {
    const validator = moduleRef.get<Validator>(VALIDATOR);
    expect(held(moduleRef.get(VerifyService), 'validator')).toBe(validator);
    const checker = moduleRef.get(PadesIncomingChecker);
    expect(checker.validator).toBe(validator);
    expect(held(moduleRef.get(IncomingService), 'signatures')).toBe(checker);
    const batches = held(moduleRef.get(VerificationBatchService), 'deps') as { validator: Validator };
    expect(batches.validator).toBe(validator);
  });

  it('builds one scheduler, which it runs (embedded mode) and reports from, with every periodic job', () => {
    const scheduler = moduleRef.get(SCHEDULER);
    expect(held(moduleRef.get(SchedulerLifecycle), 'scheduler')).toBe(scheduler);
    expect(held(moduleRef.get(SchedulerLifecycle), 'runsHere')).toBe(true);
    expect(held(moduleRef.get(ScheduleReport), 'scheduler')).toBe(scheduler);
    // With a TSA configured, the renewal job is scheduled too.
    expect(scheduler.jobNames).toEqual([
      'org.lineage-maintenance',
      'org.scheduled-reorganisations',
      'documents.deadline-sweep',
      'archive.renew-timestamps',
    ]);
  });

  it('loads the trust store once for the whole process', () => {
    expect(trustStoreLoads).toHaveBeenCalledTimes(1);
  });
});
