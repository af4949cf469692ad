import { emptyVerdictCounts, type FileVerdict, type VerdictCounts } from '@kyso/validation';

export interface ProgressSnapshot {
  total: number;
  done: number;
  counts: VerdictCounts;
  /** Documents verified per second since the run started; null before the first one. */
  documentsPerSecond: number | null;
}

export interface ProgressPolicy {
  /** Write progress at most this often … */
  intervalMs: number;
  /** … unless this many documents were verified since the last write. */
  everyFiles: number;
}

/** ~2 writes a second at most on a fast run; every document on a slow one (each takes longer than the interval). */
export const DEFAULT_PROGRESS_POLICY: ProgressPolicy = { intervalMs: 500, everyFiles: 1000 };

/**
 * Counts a run's results and says when its progress is worth writing: never per document on a fast run (thousands a
 * second would each cost a database write), yet never staler than `intervalMs` while documents keep completing.
 */
export class BatchProgress {
  private done = 0;
  private readonly counts = emptyVerdictCounts();
  private sinceFlush = 0;
  private lastFlush: number;

  constructor(
    readonly total: number,
    private readonly startedAt: number,
    private readonly policy: ProgressPolicy = DEFAULT_PROGRESS_POLICY,
  ) {
    this.lastFlush = startedAt;
  }

  /** Records one document's verdict; true when progress should be written now. */
  record(verdict: FileVerdict, now: number): boolean {
    this.done++;
    this.counts[verdict]++;
    this.sinceFlush++;
    return this.sinceFlush >= this.policy.everyFiles || now - this.lastFlush >= this.policy.intervalMs;
  }

  /** The state to write; marks it written. */
  flush(now: number): ProgressSnapshot {
    this.sinceFlush = 0;
    this.lastFlush = now;
    return this.snapshot(now);
  }

  snapshot(now: number): ProgressSnapshot {
    const seconds = (now - this.startedAt) / 1000;
    return {
      total: this.total,
      done: this.done,
      counts: { ...this.counts },
      documentsPerSecond: this.done === 0 ? null : round2(this.done / Math.max(seconds, 0.001)),
    };
  }
}

const round2 = (n: number) => Math.round(n * 100) / 100;
