import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@kyso/database';
import { Role } from '@kyso/org';
import { entities } from '../entities';
import { IDEMPOTENCY_RETENTION_MS, IdempotencyService } from './idempotency.service';

/** A clock the test moves by hand. */
class ManualClock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(instant: Date): void {
    this.current = new Date(instant);
  }
}

describe('IdempotencyService', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kyso-idempotency-'));
  const clock = new ManualClock(new Date('2026-01-05T08:00:00Z'));
  let ds: DataSource;
  let service: IdempotencyService;

  beforeAll(async () => {
    const file = join(dir, 'kyso.db');
    ds = await openDatabase({ kind: 'sqlite', file, url: `sqlite:${file}` }, { entities });
    service = new IdempotencyService(ds, clock);
  });
  afterAll(async () => {
    await ds.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const keyed = (key: string, body: unknown) => {
    const headers: Record<string, string> = { 'idempotency-key': key };
    const res = { status: () => res, setHeader: () => res } as unknown as Response;
    return {
      actor: { userId: 'u-1', organisationId: 'o-1', roles: [Role.CLERK] } as never,
      req: {
        header: (name: string) => headers[name],
        method: 'POST',
        originalUrl: '/api/v1/x',
      } as unknown as Request,
      res,
      fingerprint: body,
    };
  };
  const count = async () => Number((await ds.query('SELECT COUNT(*) AS n FROM idempotency_keys'))[0].n);

  it('replays the first answer for a retried key, and forgets keys after the retention window', async () => {
    let created = 0;
    // The service stores the answer in the transaction the runner gives the work.
    const create = () =>
      service.run(keyed('k-1', { a: 1 }), (runner) => runner!(async () => ({ id: ++created })));
    expect(await create()).toEqual({ id: 1 });
    expect(await create()).toEqual({ id: 1 });
    expect(created).toBe(1);
    expect(await count()).toBe(1);

    // A day later the stored answer is purged (by the next keyed request) and the key may be used afresh.
    clock.set(new Date(clock.now().getTime() + IDEMPOTENCY_RETENTION_MS + 60_000));
    expect(await create()).toEqual({ id: 2 });
    expect(await count()).toBe(1);
  });

  it('purges at most every ten minutes, and never a key inside the window', async () => {
    await service.run(keyed('k-2', {}), (runner) => runner!(async () => ({})));
    clock.set(new Date(clock.now().getTime() + 5 * 60_000));
    expect(await service.purgeExpired()).toBe(0); // too soon after the last purge
    clock.set(new Date(clock.now().getTime() + 10 * 60_000));
    expect(await service.purgeExpired()).toBe(0); // both keys are younger than a day
    expect(await count()).toBe(2);
  });
});
