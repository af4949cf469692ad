import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@kyso/database';
import { Role } from '@kyso/org';
import { entities } from '../entities';
import {
  DEFAULT_IDEMPOTENCY_LIMITS,
  IDEMPOTENCY_RETENTION_MS,
  IdempotencyService,
} from './idempotency.service';

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
    await service.onApplicationShutdown();
    await ds.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const keyed = (key: string, body: unknown) => {
    const headers: Record<string, string> = { 'idempotency-key': key };
    const sent: Record<string, string> = {};
    const res = {
      status: () => res,
      setHeader: (name: string, value: string) => {
        sent[name.toLowerCase()] = value;
        return res;
      },
    } as unknown as Response;
    return {
      sent,
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

describe('IdempotencyService with the first attempt still in flight', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kyso-idempotency-flight-'));
  const clock = { now: () => new Date() };
  let ds: DataSource;
  let service: IdempotencyService;
  let other: IdempotencyService | undefined;

  beforeAll(async () => {
    const file = join(dir, 'kyso.db');
    ds = await openDatabase({ kind: 'sqlite', file, url: `sqlite:${file}` }, { entities });
    service = new IdempotencyService(ds, clock, { ...DEFAULT_IDEMPOTENCY_LIMITS, waitMs: 300 });
  });
  afterAll(async () => {
    await service.onApplicationShutdown();
    await other?.onApplicationShutdown();
    await ds.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const keyed = (key: string, body: unknown = {}) => {
    const sent: Record<string, string> = {};
    const res = {
      status: (code: number) => ((sent.status = String(code)), res),
      setHeader: (name: string, value: string) => ((sent[name.toLowerCase()] = value), res),
    } as unknown as Response;
    return {
      sent,
      actor: { userId: 'u-1', organisationId: 'o-1', roles: [Role.CLERK] } as never,
      req: {
        header: (name: string) => (name === 'idempotency-key' ? key : undefined),
        method: 'POST',
        originalUrl: '/api/v1/x',
      } as unknown as Request,
      res,
      fingerprint: body,
    };
  };
  /** A piece of work that waits for the test to let it finish. */
  const gate = () => {
    let open!: () => void;
    const opened = new Promise<void>((r) => (open = r));
    return { open, opened };
  };
  const claims = async (key: string) =>
    (await ds.query('SELECT status_code, claim_id FROM idempotency_keys WHERE key = ?', [key])) as Array<{
      status_code: number | null;
    }>;

  it('makes a retry wait for the attempt in flight and replay its answer, never run the work again', async () => {
    const g = gate();
    let runs = 0;
    // Services do their slow preparation (storing the file, checking signatures) before their transaction.
    const call = async (runner: Parameters<Parameters<IdempotencyService['run']>[1]>[0]) => {
      runs++;
      await g.opened;
      return runner!(async () => ({ id: 'doc-1', number: 7 }));
    };
    const first = service.run(keyed('flight-1'), call);
    await new Promise((r) => setTimeout(r, 30));
    expect(await claims('flight-1')).toEqual([expect.objectContaining({ status_code: null })]);
    const retryRequest = keyed('flight-1');
    const retry = service.run(retryRequest, call);
    setTimeout(g.open, 100);
    expect(await first).toEqual({ id: 'doc-1', number: 7 });
    expect(await retry).toEqual({ id: 'doc-1', number: 7 });
    expect(retryRequest.sent).toMatchObject({ status: '201', 'idempotent-replayed': 'true' });
    expect(runs).toBe(1);
  });

  it('answers 409 IDEMPOTENCY_IN_PROGRESS with Retry-After when the first attempt outlasts the wait', async () => {
    const g = gate();
    const first = service.run(keyed('flight-2'), (runner) =>
      g.opened.then(() => runner!(async () => ({ ok: 1 }))),
    );
    await new Promise((r) => setTimeout(r, 30));
    const retryRequest = keyed('flight-2');
    const err = await service.run(retryRequest, async () => 'ran twice').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'IDEMPOTENCY_IN_PROGRESS', kind: 'conflict' });
    expect((err as { messageVi: string }).messageVi).toMatch(/đang được xử lý/);
    expect(retryRequest.sent['retry-after']).toMatch(/^\d+$/);
    g.open();
    expect(await first).toEqual({ ok: 1 });
    // Once answered, the same retry replays.
    expect(await service.run(keyed('flight-2'), async () => 'ran twice')).toEqual({ ok: 1 });
  });

  it('refuses the same key with another body while the first attempt runs', async () => {
    const g = gate();
    const first = service.run(keyed('flight-3', { a: 1 }), (runner) =>
      g.opened.then(() => runner!(async () => 1)),
    );
    await new Promise((r) => setTimeout(r, 30));
    await expect(service.run(keyed('flight-3', { a: 2 }), async () => 2)).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
    g.open();
    expect(await first).toBe(1);
  });

  it('gives the claim back when the attempt fails, so that a retry runs the work', async () => {
    const failing = service.run(keyed('flight-4'), () => Promise.reject(new Error('TSA unavailable')));
    await expect(failing).rejects.toThrow('TSA unavailable');
    expect(await claims('flight-4')).toEqual([]);
    expect(await service.run(keyed('flight-4'), (runner) => runner!(async () => 'second'))).toBe('second');
  });

  it('takes over the claim of an earlier run at once, and rolls back that run if it commits late', async () => {
    // On SQLite one process owns the file: a claim by another presence is from an earlier run of the API.
    other = new IdempotencyService(ds, clock);
    const g = gate();
    const earlier = other.run(keyed('flight-5'), async (runner) => {
      await g.opened;
      return runner!(async (em) => {
        await em.query(
          `INSERT INTO idempotency_keys (scope, key, request_hash, created_at) VALUES (?, ?, ?, ?)`,
          ['side-effect', 'earlier', 'h', new Date().toISOString()],
        );
        return 'earlier';
      });
    });
    await new Promise((r) => setTimeout(r, 30));
    expect(await service.run(keyed('flight-5'), (runner) => runner!(async () => 'retry'))).toBe('retry');
    g.open();
    await expect(earlier).rejects.toMatchObject({ code: 'IDEMPOTENCY_IN_PROGRESS' });
    expect(await ds.query(`SELECT key FROM idempotency_keys WHERE scope = 'side-effect'`)).toEqual([]);
    expect(await service.run(keyed('flight-5'), async () => 'again')).toBe('retry');
  });
});
