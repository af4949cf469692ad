import { describe, expect, it } from 'vitest';
import { langFromHeader } from './labels';

describe('langFromHeader', () => {
  it('speaks Vietnamese unless English is preferred', () => {
    expect(langFromHeader(undefined)).toBe('vi');
    expect(langFromHeader('en')).toBe('en');
    expect(langFromHeader('en-GB,en;q=0.9')).toBe('en');
    expect(langFromHeader('vi-VN,vi;q=0.9,en;q=0.8')).toBe('vi');
    expect(langFromHeader('fr,en;q=0.5,vi;q=0.4')).toBe('en');
    expect(langFromHeader('de')).toBe('vi');
  });
});
