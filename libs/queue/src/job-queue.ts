export type JobState = 'waiting' | 'active' | 'completed' | 'failed';

export interface JobStatus<R = unknown> {
  id: string;
  name: string;
  state: JobState;
  /** 0..100, or a structured progress object set by the handler. */
  progress: number | Record<string, unknown>;
  result?: R;
  error?: string;
  attempts: number;
}

export interface JobContext {
  id: string;
  attempt: number;
  reportProgress(progress: number | Record<string, unknown>): Promise<void>;
}

export type JobHandler<D, R> = (data: D, ctx: JobContext) => Promise<R>;

export interface EnqueueOptions {
  /** Same id twice enqueues once: retried API calls and restarts never start a job twice. */
  jobId?: string;
  attempts?: number;
}

/**
 * Background jobs: batch verification, LTV augmentation, timestamp renewal. Two drivers with the same
 * behaviour: in-process (embedded mode) and BullMQ on Redis (production, consumed by apps/worker).
 * Handlers must be idempotent: a job may run again after a crash.
 */
export interface JobQueue {
  readonly kind: 'in-process' | 'redis';
  enqueue<D>(name: string, data: D, options?: EnqueueOptions): Promise<string>;
  /** Starts consuming jobs of `name` in this process. */
  work<D, R>(name: string, handler: JobHandler<D, R>, options?: { concurrency?: number }): void;
  status<R = unknown>(name: string, id: string): Promise<JobStatus<R> | undefined>;
  close(): Promise<void>;
}
