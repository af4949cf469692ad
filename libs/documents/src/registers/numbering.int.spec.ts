import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor } from '@kyso/org';
import { verifyAuditTrail } from '../audit/audit-verify';
import { DocumentRecord } from '../documents/document.entity';
import { createTestDomain, type TestDomain, type TestOrganisation } from '../../testing/test-domain';
import { numberDocument } from './register-counter';
import { Register } from './register.entity';
import { testPostgresUrl } from '../../../../test/support/postgres';

const WORKERS = Number(process.env.KYSO_NUMBERING_WORKERS ?? 64);
// 64 × 1000 = 64,000 takes minutes on a 2-vCPU machine (the series lock is held through each commit's fsync);
// the routine run uses 64 × 50, KYSO_NUMBERING_PER_WORKER=1000 the full figure (docs/benchmarks.md).
const PER_WORKER = Number(process.env.KYSO_NUMBERING_PER_WORKER ?? 50);

/** Inserts `count` documents already signed by the leader, ready to be issued (fast: one statement on PostgreSQL). */
async function signedDrafts(t: TestDomain, org: TestOrganisation, count: number): Promise<string[]> {
  const now = t.clock.now().toISOString();
  if (t.ds.options.type === 'postgres') {
    const rows: Array<{ id: string }> = await t.ds.query(
      `INSERT INTO documents (id, organisation_id, direction, status, type_code, subject, urgency, secrecy, search_text,
                              signer_name, signed_at, signed_by, created_by, created_at, updated_at)
       SELECT gen_random_uuid()::text, $1, 'outgoing', 'signed', 'quyet-dinh', 'Quyết định thứ ' || g, 'normal', 'none',
              'quyet dinh thu ' || g, 'Nguyễn Văn Lãnh', $2, $3, $4, $2, $2
       FROM generate_series(1, $5) AS g RETURNING id`,
      [org.id, now, org.leader.userId, org.clerk.userId, count],
    );
    return rows.map((r) => r.id);
  }
  const ids: string[] = [];
  await t.ds.transaction(async (em) => {
    for (let i = 0; i < count; i++) {
      const id = crypto.randomUUID();
      ids.push(id);
      await em.query(
        `INSERT INTO documents (id, organisation_id, direction, status, type_code, subject, urgency, secrecy, search_text,
                                signer_name, signed_at, signed_by, created_by, created_at, updated_at)
         VALUES (?, ?, 'outgoing', 'signed', 'quyet-dinh', ?, 'normal', 'none', 'x', 'Nguyễn Văn Lãnh', ?, ?, ?, ?, ?)`,
        [id, org.id, `Quyết định thứ ${i}`, now, org.leader.userId, org.clerk.userId, now, now],
      );
    }
  });
  return ids;
}

/** Runs `workers` concurrent loops; each does `perWorker` operations one after the other, each its own transaction. */
async function concurrently(
  workers: number,
  perWorker: number,
  op: (worker: number, i: number) => Promise<unknown>,
): Promise<number> {
  const started = Date.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = 0; i < perWorker; i++) await op(w, i);
    }),
  );
  return Date.now() - started;
}

async function numbersOf(t: TestDomain, registerId: string): Promise<number[]> {
  const docs = await t.ds
    .getRepository(DocumentRecord)
    .find({ where: { registerId }, select: { registerNumber: true }, order: { registerNumber: 'ASC' } });
  return docs.map((d) => d.registerNumber!);
}

function expectOneToN(numbers: number[], n: number): void {
  expect(numbers.length).toBe(n);
  expect(new Set(numbers).size).toBe(n);
  expect(numbers[0]).toBe(1);
  expect(numbers[n - 1]).toBe(n);
}

describe.each([
  ['postgres', WORKERS, PER_WORKER],
  ['sqlite', 8, 100],
])('numbering under concurrency on %s', (db, workers, perWorker) => {
  let t: TestDomain;
  let org: TestOrganisation;
  const total = workers * perWorker;
  // Generous: 100-300 numbers/s per series on a busy 2-vCPU machine (ADR 0004).
  const timeout = 60_000 + total * 20;
  beforeAll(async () => {
    t = await createTestDomain({
      databaseUrl: db === 'postgres' ? await testPostgresUrl('numbering') : undefined,
      poolSize: 20,
      now: '2025-03-10T03:00:00Z',
    });
    org = await t.organisation('UBND');
  });
  afterAll(() => t?.close());

  it(
    `issues ${total} outgoing numbers from ${workers} concurrent clients: exactly 1..${total}`,
    async () => {
      const ids = await signedDrafts(t, org, total);
      const ms = await concurrently(workers, perWorker, (w, i) =>
        t.services.issuing.issue(org.clerk, ids[w * perWorker + i]),
      );
      console.log(
        `[numbering] ${db}: issued ${total} numbers with ${workers} clients in ${ms} ms (${Math.round((total / ms) * 1000)}/s)`,
      );
      const register = await t.ds
        .getRepository(Register)
        .findOneByOrFail({ organisationId: org.id, kind: 'outgoing', year: 2025 });
      expectOneToN(await numbersOf(t, register.id), total);
      expect(register.nextNumber).toBe(total + 1);
      const symbols = await t.ds
        .getRepository(DocumentRecord)
        .find({ where: { registerId: register.id }, select: { numberSymbol: true } });
      expect(new Set(symbols.map((s) => s.numberSymbol)).size).toBe(total);
      expect(symbols.map((s) => s.numberSymbol)).toContain('05/QĐ-UBND');
    },
    timeout,
  );

  it(
    `registers ${total} incoming documents from ${workers} concurrent clients: arrival numbers exactly 1..${total}`,
    async () => {
      const clerk: Actor = org.clerk;
      const ms = await concurrently(workers, perWorker, (w, i) =>
        t.services.incoming.register(clerk, {
          typeCode: 'cong-van',
          numberSymbol: `${w * perWorker + i + 1}/UBND-VP`,
          subject: 'Công văn đến',
          senderName: 'UBND huyện',
        }),
      );
      console.log(
        `[numbering] ${db}: registered ${total} arrivals with ${workers} clients in ${ms} ms (${Math.round((total / ms) * 1000)}/s)`,
      );
      const register = await t.ds
        .getRepository(Register)
        .findOneByOrFail({ organisationId: org.id, kind: 'incoming', year: 2025 });
      expectOneToN(await numbersOf(t, register.id), total);
    },
    timeout,
  );

  it('refuses to number in a register a reorganisation closed, also when the closing committed first', async () => {
    const ceasing = await t.organisation('UBND');
    const ids = await signedDrafts(t, ceasing, 2);
    await t.services.issuing.issue(ceasing.clerk, ids[0]);
    const registers = t.ds.getRepository(Register);
    const register = await registers.findOneByOrFail({
      organisationId: ceasing.id,
      kind: 'outgoing',
      year: 2025,
    });
    await registers.update(register.id, { closedAt: new Date() });

    const refused = await t.services.issuing.issue(ceasing.clerk, ids[1]).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'REGISTER_CLOSED', kind: 'conflict' });
    expect((refused as { messageVi: string }).messageVi).toContain('khóa sổ');
    // The counter itself refuses: a transaction that looked before the reorganisation committed takes no number.
    const raced = await t.ds
      .transaction((em) => numberDocument(em, register.id, ids[1], {}))
      .catch((e: unknown) => e);
    expect(raced).toMatchObject({ code: 'REGISTER_CLOSED' });
    expect((await registers.findOneByOrFail({ id: register.id })).nextNumber).toBe(2);
    const unnumbered = await t.ds.getRepository(DocumentRecord).findOneByOrFail({ id: ids[1] });
    expect(unnumbered.registerNumber).toBeNull();
  });

  it('restarts numbering at 01 on 1 January, Vietnam time, and keeps the audit chain intact', async () => {
    const ids = await signedDrafts(t, org, 3);
    t.clock.set('2025-12-31T16:59:59Z'); // 23:59:59 on 31 December in Vietnam
    const last = await t.services.issuing.issue(org.clerk, ids[0]);
    expect(last.number).toBe(total + 1);
    expect(last.documentDate).toBe('2025-12-31');
    const lastArrival = await t.services.incoming.register(org.clerk, {
      typeCode: 'cong-van',
      subject: 'Cuối năm',
      senderName: 'UBND huyện',
    });
    expect(lastArrival.registerNumber).toBe(total + 1);

    t.clock.set('2025-12-31T17:00:00Z'); // 00:00 on 1 January 2026 in Vietnam
    const first = await t.services.issuing.issue(org.clerk, ids[1]);
    expect(first.number).toBe(1);
    expect(first.numberSymbol).toBe('01/QĐ-UBND');
    expect(first.documentDate).toBe('2026-01-01');
    expect(first.registerId).not.toBe(last.registerId);
    const second = await t.services.issuing.issue(org.clerk, ids[2]);
    expect(second.numberSymbol).toBe('02/QĐ-UBND');
    const firstArrival = await t.services.incoming.register(org.clerk, {
      typeCode: 'cong-van',
      subject: 'Đầu năm',
      senderName: 'UBND huyện',
    });
    expect(firstArrival.registerNumber).toBe(1);
    const registers2026 = await t.ds.getRepository(Register).findBy({ organisationId: org.id, year: 2026 });
    expect(registers2026.map((r) => r.name).sort()).toEqual([
      'Sổ đăng ký văn bản đi năm 2026',
      'Sổ đăng ký văn bản đến năm 2026',
    ]);

    const report = await verifyAuditTrail(t.ds);
    expect(report.ok).toBe(true);
    expect(report.checkedEntries).toBeGreaterThan(2 * total);
  });
});
