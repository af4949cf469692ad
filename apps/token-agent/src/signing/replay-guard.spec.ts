import { describe, expect, it } from 'vitest';
import { AgentError } from '../agent-error';
import { ReplayGuard } from './replay-guard';

describe('ReplayGuard', () => {
  it('accepts a jti once, lets a failed attempt retry, and forgets entries after they expire', () => {
    let now = 1000;
    const guard = new ReplayGuard(() => now);
    guard.reserve('a', 1100);
    expect(() => guard.reserve('a', 1100)).toThrow(AgentError);
    guard.release('a');
    guard.reserve('a', 1100);
    guard.consume('a');
    guard.release('a');
    expect(() => guard.reserve('a', 1100)).toThrow(/already used/);
    now = 1101;
    guard.reserve('b', 1200);
    expect(guard.size).toBe(1);
  });
});
