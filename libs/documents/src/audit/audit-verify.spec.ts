import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDomain, type TestDomain } from '../../testing/test-domain';
import { verifyAuditTrail } from './audit-verify';

describe('verifyAuditTrail', () => {
  let t: TestDomain;
  let orgId: string;
  beforeEach(async () => {
    t = await createTestDomain();
    const org = await t.organisation('UBND');
    orgId = org.id;
    for (let i = 0; i < 5; i++) {
      await t.services.incoming.register(org.clerk, {
        typeCode: 'cong-van',
        numberSymbol: `${i}/UBND`,
        subject: `Công văn ${i}`,
        senderName: 'UBND huyện',
      });
    }
  });
  afterEach(() => t.close());

  const chain = async () => (await verifyAuditTrail(t.ds)).chains.find((c) => c.chainId === orgId)!;

  it('accepts an untouched trail', async () => {
    const report = await verifyAuditTrail(t.ds);
    expect(report.ok).toBe(true);
    expect((await chain()).entries).toBeGreaterThanOrEqual(8);
  });

  it('detects an altered entry', async () => {
    const [{ seq }] = await t.ds.query(
      `SELECT MIN(seq) AS seq FROM audit_entries WHERE chain_id = ? AND action = 'incoming.registered'`,
      [orgId],
    );
    await t.ds.query(
      `UPDATE audit_entries SET data = replace(data, 'UBND huyện', 'UBND tỉnh') WHERE chain_id = ? AND seq = ?`,
      [orgId, seq],
    );
    expect(
      (await t.ds.query(`SELECT data FROM audit_entries WHERE chain_id = ? AND seq = ?`, [orgId, seq]))[0]
        .data,
    ).toContain('UBND tỉnh');
    const c = await chain();
    expect(c.ok).toBe(false);
    expect(c.problems.map((p) => [p.kind, p.seq])).toEqual([['altered', seq]]);
  });

  it('detects a deleted entry', async () => {
    await t.ds.query(`DELETE FROM audit_entries WHERE chain_id = ? AND seq = 4`, [orgId]);
    const c = await chain();
    expect(c.problems.map((p) => p.kind)).toEqual(expect.arrayContaining(['missing', 'broken-link']));
  });

  it('detects entries cut off the end of a chain', async () => {
    const { max } = (
      await t.ds.query(`SELECT MAX(seq) AS max FROM audit_entries WHERE chain_id = ?`, [orgId])
    )[0];
    await t.ds.query(`DELETE FROM audit_entries WHERE chain_id = ? AND seq = ?`, [orgId, max]);
    expect((await chain()).problems.map((p) => p.kind)).toEqual(['head-mismatch']);
  });

  it('reports entries of a chain that has no head', async () => {
    await t.ds.query(`DELETE FROM audit_chain_heads WHERE chain_id = ?`, [orgId]);
    const report = await verifyAuditTrail(t.ds);
    expect(report.ok).toBe(false);
    expect(report.chains.find((c) => c.chainId === orgId)?.problems[0].kind).toBe('orphan-chain');
  });
});
