import { describe, expect, it } from 'vitest';
import { BatchProgress } from './batch-progress';

describe('BatchProgress', () => {
  it('asks for a write when the interval has passed, not for every document', () => {
    const p = new BatchProgress(1000, 0, { intervalMs: 500, everyFiles: 1000 });
    const due: number[] = [];
    // 1000 documents at 2 ms each: 2 s of work → a write every 500 ms, i.e. ~4 writes, not 1000.
    for (let i = 1; i <= 1000; i++) {
      if (p.record('TOTAL_PASSED', i * 2)) {
        due.push(i);
        p.flush(i * 2);
      }
    }
    expect(due).toEqual([250, 500, 750, 1000]);
  });

  it('asks for a write after `everyFiles` documents even within the interval', () => {
    const p = new BatchProgress(10, 0, { intervalMs: 60_000, everyFiles: 3 });
    const due = ['TOTAL_PASSED', 'ERROR', 'NO_SIGNATURE', 'TOTAL_FAILED'].map((v, i) => {
      const now = i + 1;
      const write = p.record(v as 'TOTAL_PASSED', now);
      if (write) p.flush(now);
      return write;
    });
    expect(due).toEqual([false, false, true, false]);
  });

  it('writes every document of a slow run (each takes longer than the interval)', () => {
    const p = new BatchProgress(3, 0, { intervalMs: 500, everyFiles: 1000 });
    expect(p.record('INDETERMINATE', 700)).toBe(true);
    p.flush(700);
    expect(p.record('INDETERMINATE', 1400)).toBe(true);
  });

  it('counts verdicts and computes the rate from the start of the run', () => {
    const p = new BatchProgress(5, 1000, { intervalMs: 500, everyFiles: 1000 });
    expect(p.snapshot(1000)).toEqual({
      total: 5,
      done: 0,
      counts: { TOTAL_PASSED: 0, TOTAL_FAILED: 0, INDETERMINATE: 0, NO_SIGNATURE: 0, ERROR: 0 },
      documentsPerSecond: null,
    });
    for (const v of ['TOTAL_PASSED', 'TOTAL_PASSED', 'TOTAL_FAILED', 'NO_SIGNATURE'] as const)
      p.record(v, 1500);
    const s = p.flush(3000);
    expect(s).toMatchObject({
      total: 5,
      done: 4,
      counts: { TOTAL_PASSED: 2, TOTAL_FAILED: 1, INDETERMINATE: 0, NO_SIGNATURE: 1, ERROR: 0 },
      documentsPerSecond: 2,
    });
    // A snapshot is a copy: later documents do not change what was handed out.
    p.record('ERROR', 3100);
    expect(s.counts.ERROR).toBe(0);
  });
});
