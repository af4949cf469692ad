import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDomain, type TestDomain, type TestOrganisation } from '../../testing/test-domain';
import { testPostgresUrl } from '../../../../test/support/postgres';

// Found by the hostile-input sweep: on PostgreSQL two requests creating the same register at once both passed the
// existence check, and the loser's unique violation was a 500.
describe.each(['postgres', 'sqlite'] as const)('creating the same register at once (%s)', (db) => {
  let t: TestDomain;
  let org: TestOrganisation;
  beforeAll(async () => {
    t = await createTestDomain({
      databaseUrl: db === 'postgres' ? await testPostgresUrl('register_create') : undefined,
      poolSize: 10,
      now: '2025-03-10T03:00:00Z',
    });
    org = await t.organisation('UBND');
  });
  afterAll(() => t?.close());

  it('creates it once and answers the others REGISTER_EXISTS', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () =>
        t.services.registers.create(org.clerk, { kind: 'outgoing', series: 'qd', year: 2031 }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const codes = results.flatMap((r) =>
      r.status === 'rejected' ? [(r.reason as { code?: string }).code] : [],
    );
    expect(codes).toEqual(Array(7).fill('REGISTER_EXISTS'));
  });
});
