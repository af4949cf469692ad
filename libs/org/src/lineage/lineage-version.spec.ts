/**
 * Two LineageService instances on one database stand for two processes (the API and the CLI): each sees the other's
 * changes on its next read, and a lineage read inside a transaction that rolled back is never reused afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '@kyso/database';
import { OrganisationHoldingsRepository } from '@kyso/documents';
import { createTestDomain, type TestDomain } from '../../../documents/testing/test-domain';
import { Organisation } from '../organisations/organisation.entity';
import { LineageService } from './lineage.service';
import { bumpLineageVersion, readLineageVersion } from './lineage-version';

describe('lineage version (SQLite)', () => {
  let t: TestDomain;
  let api: LineageService;
  let cli: LineageService;
  const org = async (name: string, code: string) =>
    t.services.organisations.create(t.sysadmin, { name, shortName: 'UBND', code, validFrom: '2024-01-01' });

  beforeAll(async () => {
    t = await createTestDomain({ now: '2025-07-14T02:00:00Z' });
    const holdings = new OrganisationHoldingsRepository();
    api = new LineageService(t.ds, t.clock, t.services.audit, holdings);
    cli = new LineageService(t.ds, t.clock, t.services.audit, holdings);
  });
  afterAll(() => t.close());

  it('bumps the version with every lineage write', async () => {
    const before = await readLineageVersion(t.ds.manager);
    await org('UBND xã Một', '000.00.61.H41');
    const after = await readLineageVersion(t.ds.manager);
    expect(after).not.toBe(before);
    expect(Number(after.split(':')[0])).toBe(Number(before.split(':')[0]) + 1);
  });

  it('answers another instance’s merger on the next read, with no wait', async () => {
    const a = await org('UBND xã Hai', '000.00.62.H41');
    const c = await org('UBND xã Ba', '000.00.63.H41');
    expect((await api.resolveAddressee(a.code!))?.holders[0].organisation.id).toBe(a.id);
    const graph = await api.load();
    expect(await api.load()).toBe(graph); // unchanged lineage: the graph in memory is reused

    await cli.recordMerge(t.sysadmin, { from: [a.code!], into: c.code!, effectiveDate: '2025-07-14' });
    const answer = await api.resolveAddressee(a.code!);
    expect(answer?.redirected).toBe(true);
    expect(answer?.holders.map((h) => h.organisation.id)).toEqual([c.id]);
  });

  it('never reuses a lineage read inside a transaction that rolled back', async () => {
    const x = await org('UBND xã Bốn', '000.00.64.H41');
    await expect(
      inTransaction(t.ds, async (tx) => {
        await tx.update(Organisation, { id: x.id }, { name: 'UBND xã Bốn (chưa lưu)' });
        await bumpLineageVersion(tx);
        // Read (and kept) by the API while the change is not committed.
        expect((await api.load(tx)).organisation(x.id)?.name).toBe('UBND xã Bốn (chưa lưu)');
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect((await cli.load()).organisation(x.id)?.name).toBe('UBND xã Bốn');

    // The next committed change gets the version number the rolled-back one had: the stamp tells them apart, so
    // the API does not take the graph it read in the rolled-back transaction for the committed one.
    await t.services.organisations.update(t.sysadmin, x.id, { name: 'UBND xã Bốn Mới' });
    expect((await api.load()).organisation(x.id)?.name).toBe('UBND xã Bốn Mới');
  });
});
