import { AgentErrorCode } from '@kyso/agent-protocol';
import { AgentError } from '../agent-error';

/**
 * Single use of request tokens (`jti`), in memory: a token lives five minutes at most, so forgetting
 * them on restart costs nothing an attacker could use that the short lifetime does not already bound.
 *
 * A jti is reserved while its request runs, consumed once the token has produced a signature, and
 * released when the request failed before anything was signed (wrong PIN, token unplugged), so the
 * leader can correct the PIN and retry with the same server request.
 */
export class ReplayGuard {
  private readonly used = new Map<string, { until: number; state: 'reserved' | 'consumed' }>();

  constructor(private readonly nowSeconds: () => number) {}

  /** `until`: when the token stops being acceptable anyway (exp + clock tolerance), in seconds. */
  reserve(jti: string, until: number): void {
    this.prune();
    if (this.used.has(jti)) throw new AgentError(AgentErrorCode.REQUEST_REPLAYED, { detail: `jti ${jti}` });
    this.used.set(jti, { until, state: 'reserved' });
  }

  consume(jti: string): void {
    const entry = this.used.get(jti);
    if (entry) entry.state = 'consumed';
  }

  release(jti: string): void {
    if (this.used.get(jti)?.state === 'reserved') this.used.delete(jti);
  }

  get size(): number {
    return this.used.size;
  }

  private prune(): void {
    const now = this.nowSeconds();
    for (const [jti, entry] of this.used) if (entry.until < now) this.used.delete(jti);
  }
}
