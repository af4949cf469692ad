/**
 * The worker is one composition root: its context is built once at start-up with one set of trust services and
 * one validator, and every job it registers uses those instances.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '@kyso/config';
import { openDatabase } from '@kyso/database';
import { InProcessQueue } from '@kyso/queue';
import type { TrustServices } from '@kyso/signing';
import { LocalBlobStore } from '@kyso/storage';
import { TrustStore, type Validator } from '@kyso/validation';
import { entities } from '../../api/src/entities';
import { archiveServices } from './jobs/archive-context';
import type { WorkerContext } from './jobs/job-definition';
import { verificationBatchService } from './jobs/verify-batch.job';
import { startWorkers } from './start-workers';
import { createWorkerContext } from './worker-context';

/** The dependency a service was constructed with (private: this spec looks at the wiring only). */
const held = (service: object, field: string): unknown => (service as Record<string, unknown>)[field];

let dir: string;
let ds: DataSource;
let queue: InProcessQueue;
let ctx: WorkerContext;
const trustStoreLoads = vi.spyOn(TrustStore, 'load');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kyso-worker-context-'));
  const config = loadConfig({
    DATABASE_URL: `sqlite:${join(dir, 'kyso.sqlite')}`,
    KYSO_DATA_DIR: dir,
    // Never contacted: with a TSA configured the archive jobs get their augmentation service.
    KYSO_TSA_URL: 'http://127.0.0.1:9/tsa',
    KYSO_LOG_LEVEL: 'silent',
  });
  ds = await openDatabase(config.database, { entities });
  queue = new InProcessQueue();
  ctx = await createWorkerContext({
    config,
    dataSource: ds,
    blobStore: new LocalBlobStore(join(dir, 'blobs')),
    queue,
    logger: pino({ level: 'silent' }),
  });
  startWorkers(ctx);
});

afterAll(async () => {
  await queue?.close();
  if (ds?.isInitialized) await ds.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('the worker composition root', () => {
  it('hands its one set of trust services to the archive jobs', () => {
    expect(ctx.trust.tsa).toBeDefined();
    const { augmentation } = archiveServices(ctx);
    expect((held(augmentation!, 'deps') as { trust: TrustServices }).trust).toBe(ctx.trust);
  });

  it('hands its one validator to verification batches', () => {
    const deps = held(verificationBatchService(ctx), 'deps') as { validator: Validator };
    expect(deps.validator).toBe(ctx.validator);
  });

  it('loads the trust store once, at start-up, for every job', () => {
    expect(trustStoreLoads).toHaveBeenCalledTimes(1);
  });
});
