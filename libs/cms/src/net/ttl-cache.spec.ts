import { describe, expect, it } from 'vitest';
import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  it('expires entries on the injected clock and evicts the least recently used', () => {
    let now = 0;
    const cache = new TtlCache<string>({ maxEntries: 2, now: () => now });
    cache.set('a', 'A', 100);
    cache.set('b', 'B', 1000);
    expect(cache.get('a')).toBe('A'); // a is now more recent than b
    cache.set('c', 'C', 1000);
    expect(cache.get('b')).toBeUndefined();
    now = 150;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('c')).toBe('C');
    cache.set('d', 'D', 0); // a zero or negative TTL (already past nextUpdate) is not stored
    expect(cache.get('d')).toBeUndefined();
    expect(cache.size).toBe(1);
  });
});
