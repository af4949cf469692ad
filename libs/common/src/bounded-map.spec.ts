import { describe, expect, it } from 'vitest';
import { BoundedMap } from './bounded-map';

describe('BoundedMap', () => {
  it('drops the oldest key once full, and replacing a key evicts nothing', () => {
    const m = new BoundedMap<number>(2);
    m.set('a', 1);
    m.set('b', 2);
    m.set('a', 3);
    expect([m.get('a'), m.get('b'), m.size]).toEqual([3, 2, 2]);
    m.set('c', 4);
    expect([m.has('a'), m.get('b'), m.get('c'), m.size]).toEqual([false, 2, 4, 2]);
  });
});
