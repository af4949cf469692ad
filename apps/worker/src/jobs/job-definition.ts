import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { KysoConfig } from '@kyso/config';
import type { JobHandler, JobQueue } from '@kyso/queue';
import type { BlobStore } from '@kyso/storage';

/** What a job handler may use: the same infrastructure the API opens, never HTTP. */
export interface WorkerContext {
  config: KysoConfig;
  dataSource: DataSource;
  blobStore: BlobStore;
  queue: JobQueue;
  logger: Logger;
}

/** One kind of background job: its queue name, how many run at once, and its handler. */
export interface JobDefinition<D = unknown, R = unknown> {
  name: string;
  concurrency: number;
  create(ctx: WorkerContext): JobHandler<D, R>;
}
