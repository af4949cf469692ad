import { describe, expect, it } from 'vitest';
import { isDerSet } from './der-set';

describe('isDerSet', () => {
  it('accepts a short-form and a long-form DER SET that spans the whole buffer', () => {
    expect(isDerSet(Buffer.from([0x31, 0x03, 0x02, 0x01, 0x05]))).toBe(true);
    const body = Buffer.alloc(300, 0x04);
    expect(isDerSet(Buffer.concat([Buffer.from([0x31, 0x82, 0x01, 0x2c]), body]))).toBe(true);
  });

  it('refuses other tags, trailing or missing bytes, indefinite and non-minimal lengths', () => {
    expect(isDerSet(Buffer.from([0x30, 0x00]))).toBe(false);
    expect(isDerSet(Buffer.from([0x31, 0x01, 0x00, 0x00]))).toBe(false);
    expect(isDerSet(Buffer.from([0x31, 0x02, 0x00]))).toBe(false);
    expect(isDerSet(Buffer.from([0x31, 0x80, 0x00, 0x00]))).toBe(false);
    expect(isDerSet(Buffer.from([0x31, 0x81, 0x01, 0x00]))).toBe(false);
    expect(isDerSet(Buffer.from([0x31, 0x82, 0x00, 0x81, ...Buffer.alloc(0x81)]))).toBe(false);
    expect(isDerSet(Buffer.alloc(0))).toBe(false);
    // A bare SHA-256 digest (what a "sign this hash" API would take) is not a SET.
    expect(isDerSet(Buffer.alloc(32, 0xab))).toBe(false);
  });
});
