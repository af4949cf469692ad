import { randomUUID } from 'node:crypto';
import type { EnqueueOptions, JobHandler, JobQueue, JobStatus } from './job-queue';

interface Entry {
  status: JobStatus;
  data: unknown;
  maxAttempts: number;
}

/** Jobs run in this process, a bounded number at a time per job name. Nothing survives a restart. */
export class InProcessQueue implements JobQueue {
  readonly kind = 'in-process' as const;
  private readonly jobs = new Map<string, Entry>();
  private readonly handlers = new Map<
    string,
    { handler: JobHandler<unknown, unknown>; concurrency: number; running: number }
  >();
  private closed = false;
  private idleWaiters: Array<() => void> = [];

  async enqueue<D>(name: string, data: D, options: EnqueueOptions = {}): Promise<string> {
    const id = options.jobId ?? randomUUID();
    const key = `${name}:${id}`;
    if (this.jobs.has(key)) return id;
    this.jobs.set(key, {
      status: { id, name, state: 'waiting', progress: 0, attempts: 0 },
      data,
      maxAttempts: options.attempts ?? 1,
    });
    queueMicrotask(() => this.pump(name));
    return id;
  }

  work<D, R>(name: string, handler: JobHandler<D, R>, options: { concurrency?: number } = {}): void {
    this.handlers.set(name, {
      handler: handler as JobHandler<unknown, unknown>,
      concurrency: options.concurrency ?? 1,
      running: 0,
    });
    this.pump(name);
  }

  async status<R>(name: string, id: string): Promise<JobStatus<R> | undefined> {
    const entry = this.jobs.get(`${name}:${id}`);
    return entry ? ({ ...entry.status } as JobStatus<R>) : undefined;
  }

  /** Resolves when no job is waiting or running (tests, graceful shutdown). */
  drained(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.drained();
  }

  private isIdle(): boolean {
    for (const e of this.jobs.values())
      if (e.status.state === 'waiting' || e.status.state === 'active') return false;
    return true;
  }

  private pump(name: string): void {
    const h = this.handlers.get(name);
    if (!h || this.closed) return;
    for (const entry of this.jobs.values()) {
      if (h.running >= h.concurrency) break;
      if (entry.status.name !== name || entry.status.state !== 'waiting') continue;
      h.running++;
      void this.run(entry, h).finally(() => {
        h.running--;
        this.pump(name);
        if (this.isIdle()) {
          const waiters = this.idleWaiters;
          this.idleWaiters = [];
          for (const resolve of waiters) resolve();
        }
      });
    }
  }

  private async run(entry: Entry, h: { handler: JobHandler<unknown, unknown> }): Promise<void> {
    const s = entry.status;
    s.state = 'active';
    s.attempts++;
    try {
      s.result = await h.handler(entry.data, {
        id: s.id,
        attempt: s.attempts,
        reportProgress: async (p) => {
          s.progress = p;
        },
      });
      s.state = 'completed';
    } catch (err) {
      s.error = (err as Error).message;
      s.state = s.attempts < entry.maxAttempts ? 'waiting' : 'failed';
    }
  }
}
