/**
 * The continuity plan decided from facts alone (no database): where documents, assignments, users and units go,
 * what blocks the plan, and a known-answer plan hash so that dry runs confirmed by earlier versions still match.
 */
import { describe, expect, it } from 'vitest';
import type { Organisation } from '../organisations/organisation.entity';
import type { OrgUnit } from '../units/unit.entity';
import { type ContinuityFacts, planContinuity } from './continuity-planner';

const A = 'org-a';
const B = 'org-b';
const C = 'org-c';
const organisation = (id: string, name: string, code: string) =>
  ({ id, name, code, shortName: 'UBND', validFrom: '2024-01-01', validTo: null }) as Organisation;
const unit = (id: string, organisationId: string, abbreviation: string, active = true) =>
  ({ id, organisationId, abbreviation, name: `Phòng ${abbreviation}`, active }) as OrgUnit;

/** A and B merge into C; C has a VX unit but no TP unit. */
function mergerFacts(): ContinuityFacts {
  return {
    event: { id: 'event-1', kind: 'merge', effectiveDate: '2025-07-01' },
    ceasingIds: [A, B],
    successorIds: [C],
    organisations: [
      organisation(A, 'UBND xã Tân Lập', '000.00.31.H41'),
      organisation(B, 'UBND xã Hòa Bình', '000.00.32.H41'),
      organisation(C, 'UBND xã Tân Hòa', '000.00.35.H41'),
    ],
    units: [unit('a-vx', A, 'VX'), unit('a-tp', A, 'TP'), unit('b-vx', B, 'VX'), unit('c-vx', C, 'VX')],
    registers: [
      {
        id: 'reg-a-2025',
        organisationId: A,
        kind: 'incoming',
        year: 2025,
        series: 'chung',
        name: 'Sổ đến',
        lastNumber: 12,
        closed: false,
      },
      {
        id: 'reg-a-2024',
        organisationId: A,
        kind: 'incoming',
        year: 2024,
        series: 'chung',
        name: 'Sổ đến',
        lastNumber: 80,
        closed: true,
      },
    ],
    documents: [
      {
        id: 'doc-1',
        organisationId: A,
        direction: 'incoming',
        status: '04',
        stage: 'incoming',
        registerNumber: 12,
        numberSymbol: '05/QĐ-UBND',
        subject: 'Công văn',
        dueDate: '2025-07-10',
        draftingUnitId: null,
      },
      {
        id: 'doc-2',
        organisationId: B,
        direction: 'outgoing',
        status: 'draft',
        stage: 'draft',
        registerNumber: null,
        numberSymbol: null,
        subject: 'Dự thảo',
        dueDate: null,
        draftingUnitId: 'b-vx',
      },
      {
        id: 'doc-3',
        organisationId: A,
        direction: 'outgoing',
        status: 'signed',
        stage: 'undispatched',
        registerNumber: null,
        numberSymbol: null,
        subject: 'Đã ký',
        dueDate: null,
        draftingUnitId: 'a-vx',
      },
    ],
    assignments: [
      {
        id: 'as-1',
        documentId: 'doc-1',
        role: 'lead',
        status: 'assigned',
        unitId: 'a-vx',
        userId: null,
        deadline: '2025-07-10',
      },
    ],
    users: [
      { id: 'user-1', username: 'officer-a', fullName: 'Cán bộ A', organisationId: A, unitId: 'a-vx' },
      { id: 'user-2', username: 'clerk-b', fullName: 'Văn thư B', organisationId: B, unitId: null },
    ],
    signedDocuments: 4,
  };
}

describe('planContinuity', () => {
  it('moves open work to the successor unit with the same abbreviation and lists what needs a decision', () => {
    const plan = planContinuity(mergerFacts(), {});
    expect(plan.documents.map((d) => [d.documentId, d.targetOrganisationId, d.targetDraftingUnitId])).toEqual(
      [
        ['doc-1', C, undefined],
        ['doc-2', C, 'c-vx'],
      ],
    );
    expect(plan.assignments.map((a) => [a.id, a.targetOrganisationId, a.targetUnitId])).toEqual([
      ['as-1', C, 'c-vx'],
    ]);
    expect(plan.users.map((u) => [u.id, u.action, u.targetOrganisationId, u.targetUnitId])).toEqual([
      ['user-1', 'move', C, 'c-vx'],
      ['user-2', 'move', C, null],
    ]);
    expect(plan.attention.map((a) => a.documentId)).toEqual(['doc-3']);
    expect(plan.units.map((u) => [u.id, u.targetUnitId, u.inUse])).toEqual([
      ['a-tp', null, false],
      ['a-vx', 'c-vx', true],
      ['b-vx', 'c-vx', true],
    ]);
    expect(plan.registers.map((r) => [r.id, r.alreadyClosed])).toEqual([
      ['reg-a-2025', false],
      ['reg-a-2024', true],
    ]);
    expect(plan.ceasing.map((o) => o.code)).toEqual(['000.00.31.H41', '000.00.32.H41']);
    expect(plan.signedDocuments).toBe(4);
    expect(plan.problems).toEqual([]);
  });

  it('keeps the plan hash of earlier versions (a confirmed dry run still applies)', () => {
    // sha256 of {"event":"event-1","registers":["reg-a-2025"],"documents":[["doc-1","04","org-c",null],…],
    // "assignments":…,"users":…,"units":…}, computed outside the code under test.
    expect(planContinuity(mergerFacts(), {}).planHash).toBe(
      '45f87c235fc19fcae1125f2e6a1d409d2c4272eaa96856cd97221812240ab72d',
    );
  });

  it('says what blocks the plan: a unit in use without a successor, a holder to be deactivated', () => {
    const facts = mergerFacts();
    facts.assignments.push({
      id: 'as-2',
      documentId: 'doc-1',
      role: 'coordinate',
      status: 'assigned',
      unitId: 'a-tp',
      userId: 'user-1',
      deadline: null,
    });
    const plan = planContinuity(facts, {
      users: { 'user-1': { action: 'deactivate' } },
      units: { 'a-vx': 'nowhere' },
    });
    expect(plan.problems).toEqual([
      'unit nowhere is not an active unit of a successor',
      'assignment as-2 (coordinate, unit TP) needs a unit of UBND xã Tân Hòa, where its document goes',
      'assignment as-2 is held by officer-a, who is to be deactivated: reassign it first',
      'unit TP (a-tp) of UBND xã Tân Lập has open work or users and no successor unit: map it',
    ]);
    expect(plan.planHash).not.toBe(planContinuity(mergerFacts(), {}).planHash);
  });
});
