import type { DataSource } from 'typeorm';
import { inTransaction } from '@kyso/database';
import { type JobLease, JobLeaseRepository } from './job-lease.repository';
import { type Period, periodOf } from './period';

/** One periodic job: its name (the lease key), how often it runs, and what one run does. */
export interface ScheduledJob {
  name: string;
  period: Period;
  /** One run for the period that `now` falls in; what it returns is kept as the run's outcome. */
  run(at: { now: Date; periodKey: string }): Promise<Record<string, unknown>>;
}

export interface SchedulerOptions {
  dataSource: DataSource;
  /** The time the periods are read on (tests pass a fake clock and call `tick`). */
  clock: { now(): Date };
  /** Names this process in the lease rows (host:pid). */
  owner: string;
  jobs: readonly ScheduledJob[];
  /** How often `start` looks for due jobs (default 15 s). */
  tickMs?: number;
  /** Lease rows older than this are pruned after each run (default 7 days). */
  keepMs?: number;
  log?: (level: 'info' | 'warn' | 'error', message: string, data: Record<string, unknown>) => void;
}

/** What one job did in one tick. */
export type TickOutcome =
  | { job: string; periodKey: string; ran: true; status: 'ok' | 'failed'; outcome: Record<string, unknown> }
  | { job: string; periodKey: string; ran: false; why: 'held-elsewhere' | 'already-run' | 'running' };

/** A job's schedule as the admin endpoint and /health show it. */
export interface JobSchedule {
  name: string;
  everyMs: number;
  last: JobLease | null;
  /** When the job runs next: the start of the next period, or now when the current one has not run yet. */
  nextRunAt: Date;
}

/**
 * Runs named periodic jobs in whichever processes start it — the API in the embedded mode, every worker in
 * production — each job at most once per period across all of them: a run first inserts its lease row
 * (`scheduled_jobs`, key name + period), and only the process whose insert succeeded runs it. No Redis is needed.
 *
 * At most once, not exactly once: a process that dies during a run leaves the period's lease marked `running`, and
 * the next period runs the job again. Every job is therefore written to catch up ("apply what is due"), never to
 * count on one particular period.
 */
export class Scheduler {
  private readonly leases = new JobLeaseRepository();
  /** The period each job last tried here: a lost or finished lease is not retried within the same period. */
  private readonly tried = new Map<string, string>();
  private readonly inFlight = new Map<string, Promise<TickOutcome>>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: SchedulerOptions) {
    const names = options.jobs.map((j) => j.name);
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice) throw new Error(`scheduled job ${twice} is declared twice`);
  }

  get jobNames(): string[] {
    return this.options.jobs.map((j) => j.name);
  }

  /** Runs every job whose current period has not run yet in any process; resolves when those runs end. */
  async tick(): Promise<TickOutcome[]> {
    if (this.stopped) return [];
    const now = this.options.clock.now();
    return Promise.all(this.options.jobs.map((job) => this.runIfDue(job, now)));
  }

  /** Ticks every `tickMs` until `stop` (the timer never keeps a stopping process alive). */
  start(): void {
    if (this.timer || this.stopped) return;
    const tick = () =>
      void this.tick().catch((err: unknown) => this.log('error', 'scheduler tick failed', { err }));
    tick();
    this.timer = setInterval(tick, this.options.tickMs ?? 15_000);
    this.timer.unref();
  }

  /** Starts no new run and waits for the running ones. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await Promise.allSettled([...this.inFlight.values()]);
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  /** Last run and next run of every job, read from the lease rows (so any process can answer for all). */
  async schedule(): Promise<JobSchedule[]> {
    const now = this.options.clock.now();
    return inTransaction(this.options.dataSource, async (em) => {
      const out: JobSchedule[] = [];
      for (const job of this.options.jobs) {
        const last = (await this.leases.last(em, job.name)) ?? null;
        const slot = periodOf(now, job.period);
        out.push({
          name: job.name,
          everyMs: job.period.everyMs,
          last,
          nextRunAt: last && last.periodKey >= slot.key ? slot.next : now,
        });
      }
      return out;
    });
  }

  private runIfDue(job: ScheduledJob, now: Date): Promise<TickOutcome> {
    const slot = periodOf(now, job.period);
    const running = this.inFlight.get(job.name);
    if (running) return Promise.resolve({ job: job.name, periodKey: slot.key, ran: false, why: 'running' });
    if (this.tried.get(job.name) === slot.key)
      return Promise.resolve({ job: job.name, periodKey: slot.key, ran: false, why: 'already-run' });
    const work = this.claimAndRun(job, now, slot.key).finally(() => this.inFlight.delete(job.name));
    this.inFlight.set(job.name, work);
    return work;
  }

  private async claimAndRun(job: ScheduledJob, now: Date, periodKey: string): Promise<TickOutcome> {
    const { dataSource: ds, owner } = this.options;
    const won = await inTransaction(ds, (em) => this.leases.claim(em, job.name, periodKey, owner, now));
    this.tried.set(job.name, periodKey);
    if (!won) return { job: job.name, periodKey, ran: false, why: 'held-elsewhere' };
    let status: 'ok' | 'failed' = 'ok';
    let outcome: Record<string, unknown>;
    try {
      outcome = await job.run({ now, periodKey });
    } catch (err) {
      status = 'failed';
      const e = err as { code?: unknown; message?: unknown };
      outcome = { error: typeof e?.message === 'string' ? e.message : String(err), code: e?.code ?? null };
      this.log('error', 'scheduled job failed', { job: job.name, periodKey, err });
    }
    const finishedAt = this.options.clock.now();
    const lease = { name: job.name, periodKey, owner };
    await inTransaction(ds, async (em) => {
      await this.leases.finish(em, lease, status, outcome, finishedAt);
      await this.leases.prune(
        em,
        job.name,
        new Date(now.getTime() - (this.options.keepMs ?? 7 * 86_400_000)),
      );
    });
    return { job: job.name, periodKey, ran: true, status, outcome };
  }

  private log(level: 'info' | 'warn' | 'error', message: string, data: Record<string, unknown>): void {
    this.options.log?.(level, message, data);
  }
}
