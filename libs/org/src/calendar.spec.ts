import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isCalendarDate, vietnamDate, vietnamIso, vietnamYear } from './calendar';

describe('Vietnam calendar', () => {
  it('turns the year at midnight Vietnam time (17:00 UTC on 31 December)', () => {
    expect(vietnamYear(new Date('2025-12-31T16:59:59.999Z'))).toBe(2025);
    expect(vietnamYear(new Date('2025-12-31T17:00:00Z'))).toBe(2026);
    expect(vietnamDate(new Date('2025-12-31T17:00:00Z'))).toBe('2026-01-01');
  });
  it('prints instants with the +07:00 offset', () => {
    expect(vietnamIso(new Date('2025-07-14T02:30:12Z'))).toBe('2025-07-14T09:30:12+07:00');
  });
  it('checks and counts calendar dates', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2025-02-29')).toBe(false);
    expect(isCalendarDate('14/07/2025')).toBe(false);
    expect(daysBetween('2025-07-14', '2025-07-20')).toBe(6);
    expect(addDays('2025-12-30', 3)).toBe('2026-01-02');
  });
});
