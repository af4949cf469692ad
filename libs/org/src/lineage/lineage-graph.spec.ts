import { describe, expect, it } from 'vitest';
import { LineageGraph, type IdentityPeriod, type LinkFacts, type OrganisationFacts } from './lineage-graph';
import { checkCodeChange, checkMerge, checkRename, checkSplit } from './lineage-rules';
import { describeSignerLineage, organisationOfSigner } from './signer-lineage';

const org = (
  id: string,
  name: string,
  code: string,
  validTo: string | null = null,
  validFrom = '2020-01-01',
): OrganisationFacts => ({
  id,
  name,
  shortName: 'UBND',
  code,
  validFrom,
  validTo,
});
const link = (
  p: string,
  s: string,
  effectiveDate: string,
  kind: LinkFacts['kind'] = 'merged-into',
): LinkFacts => ({ eventId: `e-${p}-${s}`, predecessorId: p, successorId: s, kind, effectiveDate });

/** Communes A and B merged into C on 2025-07-01; C later split into D and E on 2027-01-01. */
function merged(): LineageGraph {
  return new LineageGraph(
    [
      org('A', 'UBND xã Tân Lập', '000.00.31.H41', '2025-06-30'),
      org('B', 'UBND xã Hòa Bình', '000.00.32.H41', '2025-06-30'),
      org('C', 'UBND xã Tân Hòa', '000.00.35.H41'),
    ],
    [],
    [link('A', 'C', '2025-07-01'), link('B', 'C', '2025-07-01')],
  );
}

describe('LineageGraph', () => {
  it('answers who holds a merged commune’s records before and after the effective date', () => {
    const g = merged();
    expect(g.successorsAt('A', '2025-06-30').map((r) => r.organisation.id)).toEqual(['A']);
    expect(g.successorsAt('A', '2025-07-01').map((r) => r.organisation.id)).toEqual(['C']);
    expect(g.successorsAt('A', '2025-07-01')[0].path.map((l) => l.kind)).toEqual(['merged-into']);
  });

  it('lets the successor see its predecessors’ documents, and not the other way round', () => {
    const g = merged();
    expect(g.visibleTo('C', '2025-07-01').sort()).toEqual(['A', 'B', 'C']);
    expect(g.visibleTo('C', '2025-06-30')).toEqual(['C']);
    expect(g.visibleTo('A', '2025-07-01')).toEqual(['A']);
  });

  it('routes a closed code to the successor and marks it as redirected', () => {
    const g = merged();
    const before = g.resolveCode('000.00.31.H41', '2025-05-02')!;
    expect(before.holders.map((h) => h.organisation.id)).toEqual(['A']);
    expect(before.redirected).toBe(false);
    const after = g.resolveCode('000.00.31.h41 ', '2025-08-15')!;
    expect(after.addressed.id).toBe('A');
    expect(after.holders.map((h) => h.organisation.id)).toEqual(['C']);
    expect(after.redirected).toBe(true);
    expect(g.resolveCode('000.00.99.H41', '2025-08-15')).toBeUndefined();
  });

  it('follows later reorganisations transitively and keeps the history of a code', () => {
    const identities: IdentityPeriod[] = [
      {
        organisationId: 'C',
        name: 'UBND xã Tân Hòa',
        shortName: 'UBND',
        code: '000.00.35.H41',
        validFrom: '2020-01-01',
        validTo: '2026-12-31',
      },
      {
        organisationId: 'C',
        name: 'UBND phường Tân Hòa',
        shortName: 'UBND',
        code: '000.00.40.H41',
        validFrom: '2027-01-01',
        validTo: null,
      },
    ];
    const g = new LineageGraph(
      [
        org('A', 'UBND xã Tân Lập', '000.00.31.H41', '2025-06-30'),
        org('C', 'UBND phường Tân Hòa', '000.00.40.H41', '2027-12-31'),
        org('D', 'UBND phường Đông', '000.00.41.H41'),
        org('E', 'UBND phường Tây', '000.00.42.H41'),
      ],
      identities,
      [
        link('A', 'C', '2025-07-01'),
        link('C', 'D', '2028-01-01', 'split-into'),
        link('C', 'E', '2028-01-01', 'split-into'),
      ],
    );
    expect(
      g
        .successorsAt('A', '2028-03-01')
        .map((r) => r.organisation.id)
        .sort(),
    ).toEqual(['D', 'E']);
    expect(g.successorsAt('A', '2028-03-01')[0].path).toHaveLength(2);
    expect(g.resolveCode('000.00.35.H41', '2027-06-01')!.holders.map((h) => h.organisation.id)).toEqual([
      'C',
    ]);
    expect(g.codeHistory('000.00.35.H41').map((p) => p.validTo)).toEqual(['2026-12-31']);
    expect(g.visibleTo('D', '2028-03-01').sort()).toEqual(['A', 'C', 'D']);
  });
});

describe('lineage rules', () => {
  it('refuses an event on a commune that has already ceased', () => {
    const g = merged();
    expect(() => checkMerge(g, { from: ['A'], into: 'C', effectiveDate: '2026-01-01' })).toThrow(/ceased/);
    expect(() => checkRename(g, { organisationId: 'B', name: 'x', effectiveDate: '2026-01-01' })).toThrow(
      /ceased/,
    );
  });

  it('refuses a cycle: an organisation cannot become its own predecessor', () => {
    const g = new LineageGraph(
      [org('X', 'X', '000.00.01.H41'), org('Y', 'Y', '000.00.02.H41')],
      [],
      [link('X', 'Y', '2025-07-01', 'split-into')],
    );
    expect(() => checkMerge(g, { from: ['Y'], into: 'X', effectiveDate: '2026-01-01' })).toThrow(
      /own predecessor/,
    );
  });

  it('refuses a change that would overlap an existing period, and a successor that does not exist yet', () => {
    const g = new LineageGraph(
      [org('A', 'A', '000.00.31.H41'), org('C', 'C', '000.00.35.H41', null, '2025-07-01')],
      [
        {
          organisationId: 'A',
          name: 'A',
          shortName: 'UBND',
          code: '000.00.31.H41',
          validFrom: '2020-01-01',
          validTo: '2025-12-31',
        },
        {
          organisationId: 'A',
          name: 'A2',
          shortName: 'UBND',
          code: '000.00.31.H41',
          validFrom: '2026-01-01',
          validTo: null,
        },
      ],
      [],
    );
    expect(() => checkRename(g, { organisationId: 'A', name: 'A3', effectiveDate: '2025-10-01' })).toThrow(
      /after it/,
    );
    expect(() => checkMerge(g, { from: ['A'], into: 'C', effectiveDate: '2025-06-01' })).toThrow(/starts on/);
  });

  it('keeps a code with one holder at a time, and checks its format', () => {
    const g = merged();
    expect(() =>
      checkCodeChange(g, { organisationId: 'C', code: '000.00.31.H41', effectiveDate: '2026-01-01' }),
    ).toThrow(/belongs to/);
    expect(() =>
      checkCodeChange(g, { organisationId: 'C', code: '000 00 31', effectiveDate: '2026-01-01' }),
    ).toThrow(/not an identification code/);
    expect(() =>
      checkCodeChange(g, { organisationId: 'C', code: '000.00.50.H41', effectiveDate: '2026-01-01' }),
    ).not.toThrow();
  });

  it('requires two distinct successors and a primary among them for a split', () => {
    const g = new LineageGraph(
      [org('A', 'A', '000.00.31.H41'), org('B', 'B', '000.00.32.H41'), org('C', 'C', '000.00.33.H41')],
      [],
      [],
    );
    expect(() =>
      checkSplit(g, { from: 'A', into: ['B'], primary: 'B', effectiveDate: '2025-07-01' }),
    ).toThrow(/two successors/);
    expect(() =>
      checkSplit(g, { from: 'A', into: ['B', 'C'], primary: 'A', effectiveDate: '2025-07-01' }),
    ).toThrow(/primary/);
    expect(() =>
      checkSplit(g, { from: 'A', into: ['B', 'C'], primary: 'C', effectiveDate: '2025-07-01' }),
    ).not.toThrow();
  });
});

describe('signer lineage note', () => {
  const signedAt = new Date('2025-03-10T03:00:00Z');

  it('names the seal’s organisation by its organizationIdentifier and says where it went', () => {
    const facts = {
      organisation: 'UBND xã Tân Lập',
      commonName: 'UBND xã Tân Lập',
      attributes: { organizationIdentifier: ['VN:000.00.31.H41'] },
      signingTime: signedAt,
    };
    expect(organisationOfSigner(merged(), facts)?.organisation.id).toBe('A');
    expect(describeSignerLineage(merged(), facts, '2026-01-05')).toBe(
      'UBND xã Tân Lập (000.00.31.H41), sáp nhập vào UBND xã Tân Hòa (000.00.35.H41) từ 2025-07-01 / UBND xã Tân Lập (000.00.31.H41), merged into UBND xã Tân Hòa (000.00.35.H41) on 2025-07-01',
    );
  });

  it('finds a leader’s organisation by name (Ủy ban nhân dân = UBND) and says nothing before the merger', () => {
    const facts = {
      organisation: 'Ủy ban nhân dân xã  Hòa Bình',
      commonName: 'Lê Văn Cường',
      attributes: {},
      signingTime: signedAt,
    };
    expect(describeSignerLineage(merged(), facts, '2026-01-05')).toMatch(
      /^UBND xã Hòa Bình \(000.00.32.H41\), sáp nhập vào UBND xã Tân Hòa/,
    );
    expect(describeSignerLineage(merged(), facts, '2025-06-30')).toBeUndefined();
    expect(
      describeSignerLineage(merged(), { ...facts, organisation: 'Sở Nội vụ' }, '2026-01-05'),
    ).toBeUndefined();
  });
});
