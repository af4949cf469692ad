/**
 * Vietnam has used UTC+7 all year round since 1975 (no daylight saving), so calendar arithmetic needs no time-zone
 * database. Document dates, deadlines and the numbering year are all Vietnamese calendar dates.
 */
const VIETNAM_OFFSET_MS = 7 * 3600 * 1000;

/** `YYYY-MM-DD` of the instant in Vietnam. */
export function vietnamDate(instant: Date): string {
  return new Date(instant.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** The calendar year of the instant in Vietnam: numbering restarts at 00:00 on 1 January, Vietnam time. */
export function vietnamYear(instant: Date): number {
  return new Date(instant.getTime() + VIETNAM_OFFSET_MS).getUTCFullYear();
}

/** ISO 8601 with the +07:00 offset, as Decree 30 prints signing times: `2025-07-14T09:30:12+07:00`. */
export function vietnamIso(instant: Date): string {
  return new Date(instant.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 19) + '+07:00';
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isCalendarDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
