/**
 * How often a scheduled job runs: periods of `everyMs` starting at `offsetMs` past the Unix epoch (mod `everyMs`).
 * A daily job at 00:00 Vietnam time (UTC+7) is `{ everyMs: DAY_MS, offsetMs: -7 * HOUR_MS }`.
 */
export interface Period {
  everyMs: number;
  offsetMs?: number;
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** Days that begin at 00:00 Vietnam time (UTC+7, no daylight saving). */
export const VIETNAM_DAY: Period = { everyMs: DAY_MS, offsetMs: -7 * HOUR_MS };

export interface PeriodSlot {
  /** The period's start as an ISO instant: the lease key, the same in every process. */
  key: string;
  start: Date;
  /** Where the next period starts: the earliest instant the job runs again. */
  next: Date;
}

/** The period `now` falls in. */
export function periodOf(now: Date, period: Period): PeriodSlot {
  if (!Number.isInteger(period.everyMs) || period.everyMs < 1)
    throw new RangeError(`a period must be a whole number of milliseconds ≥ 1, not ${period.everyMs}`);
  const offset = period.offsetMs ?? 0;
  const t = now.getTime() - offset;
  const start = Math.floor(t / period.everyMs) * period.everyMs + offset;
  return {
    key: new Date(start).toISOString(),
    start: new Date(start),
    next: new Date(start + period.everyMs),
  };
}
