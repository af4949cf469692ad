import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDomain, type TestDomain, type TestOrganisation } from '../../testing/test-domain';

/** The scheduler's deadline sweep: open assignments overdue and due soon, counted per organisation. */
describe('AssignmentService.deadlineSweep', () => {
  let t: TestDomain;
  let a: TestOrganisation;
  let b: TestOrganisation;
  beforeEach(async () => {
    t = await createTestDomain({ now: '2025-07-14T02:00:00Z' });
    a = await t.organisation('UBND');
    b = await t.organisation('UBND');
  });
  afterEach(() => t.close());

  async function assigned(org: TestOrganisation, deadline: string | null, n: number): Promise<string> {
    const doc = await t.services.incoming.register(org.clerk, {
      typeCode: 'cong-van',
      numberSymbol: `${n}/UBND`,
      subject: `Công văn ${n}`,
      senderName: 'UBND huyện',
    });
    await t.services.incoming.present(org.clerk, doc.id, org.leader.userId);
    const { assignments } = await t.services.assignments.assign(org.leader, doc.id, {
      lead: { unitId: org.unitId },
      forInformation: [{ userId: org.clerk.userId }],
      deadline,
    });
    return assignments[0].id;
  }

  it('counts overdue and due-soon open lead/coordinating assignments per organisation, not done or info ones', async () => {
    await assigned(a, '2025-07-10', 1); // overdue
    await assigned(a, '2025-07-16', 2); // due within 3 days
    await assigned(a, '2025-07-30', 3); // later
    await assigned(a, null, 4); // no deadline
    const finished = await assigned(b, '2025-07-01', 5);
    await assigned(b, '2025-07-14', 6); // due today
    await t.services.assignments.progress(b.officer, finished, { note: 'Xong', completed: true });

    const sweep = await t.services.assignments.deadlineSweep();
    expect(sweep).toEqual({
      today: '2025-07-14',
      overdue: 1,
      dueSoon: 2,
      organisations: [
        { organisationId: a.id, overdue: 1, dueSoon: 1 },
        { organisationId: b.id, overdue: 0, dueSoon: 1 },
      ].sort((x, y) => (x.organisationId < y.organisationId ? -1 : 1)),
    });
    t.clock.set('2025-07-17T02:00:00Z');
    expect(await t.services.assignments.deadlineSweep()).toMatchObject({
      today: '2025-07-17',
      overdue: 3,
      dueSoon: 0,
    });
  });
});
