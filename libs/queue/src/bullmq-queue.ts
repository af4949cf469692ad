import { type ConnectionOptions, type Job, Queue, Worker } from 'bullmq';
import type { EnqueueOptions, JobHandler, JobQueue, JobStatus } from './job-queue';

function connection(url: string): ConnectionOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : undefined,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    // BullMQ workers block on Redis; they must not give up on a slow command.
    maxRetriesPerRequest: null,
  };
}

/**
 * BullMQ on Redis: jobs survive restarts of the API and the workers, and any number of workers share them. Every key
 * starts with `prefix` (KYSO_REDIS_PREFIX): queues of another prefix on the same Redis are another deployment's.
 */
export class BullMqQueue implements JobQueue {
  readonly kind = 'redis' as const;
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  private readonly conn: ConnectionOptions;

  constructor(
    redisUrl: string,
    private readonly prefix: string,
  ) {
    this.conn = connection(redisUrl);
  }

  private queue(name: string): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: this.conn, prefix: this.prefix });
      this.queues.set(name, q);
    }
    return q;
  }

  async enqueue<D>(name: string, data: D, options: EnqueueOptions = {}): Promise<string> {
    const job = await this.queue(name).add(name, data, {
      jobId: options.jobId,
      attempts: options.attempts ?? 1,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { age: 7 * 24 * 3600 },
      removeOnFail: { age: 30 * 24 * 3600 },
    });
    return job.id!;
  }

  work<D, R>(name: string, handler: JobHandler<D, R>, options: { concurrency?: number } = {}): void {
    const worker = new Worker<D, R>(
      name,
      (job: Job<D, R>) =>
        handler(job.data, {
          id: job.id!,
          attempt: job.attemptsMade + 1,
          reportProgress: (p) => job.updateProgress(p),
        }),
      { connection: this.conn, prefix: this.prefix, concurrency: options.concurrency ?? 1 },
    );
    this.workers.push(worker);
  }

  async status<R>(name: string, id: string): Promise<JobStatus<R> | undefined> {
    const queue = this.queue(name);
    // State first, data second: a job that completes between the two reads then shows its result; the other
    // order could report 'completed' with the data read while it was still active (no result yet).
    const state = await queue.getJobState(id);
    if (state === 'unknown') return undefined;
    const job = await queue.getJob(id);
    if (!job) return undefined;
    return {
      id,
      name,
      state:
        state === 'completed'
          ? 'completed'
          : state === 'failed'
            ? 'failed'
            : state === 'active'
              ? 'active'
              : 'waiting',
      progress: job.progress as number | Record<string, unknown>,
      result: job.returnvalue as R | undefined,
      error: job.failedReason || undefined,
      attempts: job.attemptsMade,
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
