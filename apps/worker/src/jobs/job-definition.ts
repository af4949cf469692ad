import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { KysoConfig } from '@kyso/config';
import type { JobHandler, JobQueue } from '@kyso/queue';
import type { TrustServices } from '@kyso/signing';
import type { BlobStore } from '@kyso/storage';
import type { Validator } from '@kyso/validation';

/** The infrastructure the worker opens at start-up: the same the API opens, never HTTP. */
export interface WorkerInfrastructure {
  config: KysoConfig;
  dataSource: DataSource;
  blobStore: BlobStore;
  queue: JobQueue;
  logger: Logger;
}

/**
 * What a job handler may use: the infrastructure, and the services the worker builds once from it at start-up
 * (`createWorkerContext`) and hands to every job.
 */
export interface WorkerContext extends WorkerInfrastructure {
  /** The worker's one set of TSA/OCSP/CRL clients, on the wall clock (the archive never runs on a test clock). */
  trust: TrustServices;
  /** The worker's one validator (trust anchors, fetchers, caches): the settings the API verifies with. */
  validator: Validator;
}

/** One kind of background job: its queue name, how many run at once, and its handler. */
export interface JobDefinition<D = unknown, R = unknown> {
  name: string;
  concurrency: number;
  create(ctx: WorkerContext): JobHandler<D, R>;
}
