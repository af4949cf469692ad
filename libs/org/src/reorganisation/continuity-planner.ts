import type { HeldAssignment, HeldDocument, HeldRegister } from '../organisations/organisation-holdings';
import type { Organisation } from '../organisations/organisation.entity';
import type { OrgUnit } from '../units/unit.entity';
import {
  type AssignmentTransfer,
  type AttentionItem,
  type ContinuityDecisions,
  type ContinuityPlan,
  type DocumentTransfer,
  fingerprintPlan,
  type OrganisationLabel,
  type RegisterClosure,
  type UnitMapping,
  type UserTransfer,
} from './continuity-plan';

/** An active user of a ceasing organisation. */
export interface CeasingUser {
  id: string;
  username: string;
  fullName: string;
  organisationId: string;
  unitId: string | null;
}

/** Everything a continuity plan is decided from, read in one transaction. */
export interface ContinuityFacts {
  event: { id: string; kind: 'merge' | 'split'; effectiveDate: string };
  ceasingIds: string[];
  /** The primary successor first: it receives whatever no unit or person takes elsewhere. */
  successorIds: string[];
  organisations: Organisation[];
  units: OrgUnit[];
  registers: HeldRegister[];
  documents: HeldDocument[];
  assignments: HeldAssignment[];
  /** By id. */
  users: CeasingUser[];
  signedDocuments: number;
}

const UNDISPATCHED_REASON =
  'signed or numbered under the ceasing organisation and not dispatched: dispatch it under its original number, or cancel it and draft again under the successor';

/**
 * Decides a merger's or split's continuity plan from the facts and the administrator's decisions, step by step:
 * check the unit decisions, then where users, documents and assignments go, then which ceasing units must be mapped.
 * Pure: the same facts and decisions give the same plan and the same `planHash`. Each step appends the reasons that
 * block the plan to `problems`, in the order the administrator reads them.
 */
export function planContinuity(facts: ContinuityFacts, decisions: ContinuityDecisions): ContinuityPlan {
  const problems: string[] = [];
  const units = new UnitMap(facts, decisions);
  checkUnitDecisions(facts, decisions, units, problems);
  const users = planUsers(facts.users, decisions, units, problems);
  const documentTargets = targetsOfDocuments(facts.assignments, users, units);
  const assignments = planAssignments(facts, decisions, units, documentTargets, users, problems);
  const { documents, attention } = planDocuments(facts.documents, units, documentTargets);
  const unitMappings = planUnitMappings(facts, decisions, units, problems);
  const partial = {
    eventId: facts.event.id,
    kind: facts.event.kind,
    effectiveDate: facts.event.effectiveDate,
    ceasing: labels(facts, facts.ceasingIds),
    successors: labels(facts, facts.successorIds),
    registers: facts.registers.map(registerClosure),
    documents,
    assignments,
    users,
    units: unitMappings,
    attention,
    signedDocuments: facts.signedDocuments,
    problems: [...new Set(problems)],
  };
  return { ...partial, planHash: fingerprintPlan(partial) };
}

/**
 * Where the units of the ceasing organisations go: the administrator's mapping, else the active successor unit with
 * the same abbreviation (primary successor first). A successor's own unit maps to itself.
 */
class UnitMap {
  readonly primary: string;
  /** The successors' active units. */
  readonly successorUnits: OrgUnit[];
  private readonly byId: Map<string, OrgUnit>;
  private readonly organisationNames: Map<string, string>;

  constructor(
    private readonly facts: ContinuityFacts,
    private readonly decisions: ContinuityDecisions,
  ) {
    this.primary = facts.successorIds[0];
    this.successorUnits = facts.units.filter(
      (u) => facts.successorIds.includes(u.organisationId) && u.active,
    );
    this.byId = new Map(facts.units.map((u) => [u.id, u]));
    this.organisationNames = new Map(facts.organisations.map((o) => [o.id, o.name]));
  }

  unit(unitId: string): OrgUnit | undefined {
    return this.byId.get(unitId);
  }

  target(unitId: string | null): string | null {
    if (!unitId) return null;
    const chosen = this.decisions.units?.[unitId];
    if (chosen) return chosen;
    const unit = this.byId.get(unitId);
    if (!unit || this.facts.successorIds.includes(unit.organisationId)) return unit?.id ?? null;
    for (const org of this.facts.successorIds) {
      const same = this.successorUnits.find(
        (s) => s.organisationId === org && s.abbreviation === unit.abbreviation,
      );
      if (same) return same.id;
    }
    return null;
  }

  /** The organisation a (successor) unit belongs to; without a unit, the primary successor. */
  organisationOf(unitId: string | null): string {
    return unitId ? (this.byId.get(unitId)?.organisationId ?? this.primary) : this.primary;
  }

  organisationName(id: string): string {
    return this.organisationNames.get(id) ?? id;
  }
}

function checkUnitDecisions(
  facts: ContinuityFacts,
  decisions: ContinuityDecisions,
  units: UnitMap,
  problems: string[],
): void {
  for (const [from, to] of Object.entries(decisions.units ?? {})) {
    const source = units.unit(from);
    const target = units.unit(to);
    if (!source || !facts.ceasingIds.includes(source.organisationId))
      problems.push(`unit ${from} is not a unit of a ceasing organisation`);
    if (!target || !facts.successorIds.includes(target.organisationId) || !target.active)
      problems.push(`unit ${to} is not an active unit of a successor`);
  }
}

/** Each user moves to the successor unit their unit maps to (or the one decided), or is deactivated. */
function planUsers(
  ceasingUsers: CeasingUser[],
  decisions: ContinuityDecisions,
  units: UnitMap,
  problems: string[],
): UserTransfer[] {
  return ceasingUsers.map((u): UserTransfer => {
    const who = {
      id: u.id,
      username: u.username,
      fullName: u.fullName,
      organisationId: u.organisationId,
      unitId: u.unitId,
    };
    const decided = decisions.users?.[u.id];
    if (decided?.action === 'deactivate')
      return { ...who, action: 'deactivate', targetOrganisationId: null, targetUnitId: null };
    const targetUnitId = decided && decided.unitId !== undefined ? decided.unitId : units.target(u.unitId);
    if (decided?.unitId && !units.successorUnits.some((s) => s.id === decided.unitId))
      problems.push(`user ${u.username}: unit ${decided.unitId} is not an active unit of a successor`);
    return { ...who, action: 'move', targetOrganisationId: units.organisationOf(targetUnitId), targetUnitId };
  });
}

/**
 * A document goes where its lead assignment's unit (or person) goes; without one, to the primary successor (the
 * caller's default). Its other assignments go with it: the same organisation must hold a document and all its
 * assignments.
 */
function targetsOfDocuments(
  assignments: HeldAssignment[],
  users: UserTransfer[],
  units: UnitMap,
): Map<string, string> {
  const userTarget = new Map(users.map((u) => [u.id, u]));
  const targets = new Map<string, string>();
  for (const a of assignments.filter((x) => x.role === 'lead')) {
    const person = a.userId ? userTarget.get(a.userId) : undefined;
    targets.set(
      a.documentId,
      a.unitId
        ? units.organisationOf(units.target(a.unitId))
        : (person?.targetOrganisationId ?? units.primary),
    );
  }
  return targets;
}

/** Each open assignment follows its document, to a unit of the successor the document goes to. */
function planAssignments(
  facts: ContinuityFacts,
  decisions: ContinuityDecisions,
  units: UnitMap,
  documentTargets: Map<string, string>,
  users: UserTransfer[],
  problems: string[],
): AssignmentTransfer[] {
  const userTarget = new Map(users.map((u) => [u.id, u]));
  return facts.assignments.map((a) => {
    const targetOrganisationId = documentTargets.get(a.documentId) ?? units.primary;
    const targetUnitId = a.unitId
      ? assignmentUnit(a, a.unitId, targetOrganisationId, decisions, units, problems)
      : null;
    const person = a.userId ? userTarget.get(a.userId) : undefined;
    if (person?.action === 'deactivate')
      problems.push(
        `assignment ${a.id} is held by ${person.username}, who is to be deactivated: reassign it first`,
      );
    else if (person && person.targetOrganisationId !== targetOrganisationId)
      problems.push(
        `assignment ${a.id} is held by ${person.username}, who moves to another successor than the document`,
      );
    return {
      id: a.id,
      documentId: a.documentId,
      role: a.role,
      status: a.status,
      unitId: a.unitId,
      userId: a.userId,
      deadline: a.deadline,
      targetOrganisationId,
      targetUnitId,
    };
  });
}

/**
 * The decided unit, else the unit its unit maps to when that lies in the document's successor, else that successor's
 * unit with the same abbreviation (after a split, a coordinating unit may map into the other commune).
 */
function assignmentUnit(
  a: HeldAssignment,
  unitId: string,
  targetOrganisationId: string,
  decisions: ContinuityDecisions,
  units: UnitMap,
  problems: string[],
): string | null {
  const chosen = decisions.assignments?.[a.id];
  const mapped = units.target(unitId);
  const abbreviation = units.unit(unitId)?.abbreviation;
  const sameName = units.successorUnits.find(
    (u) => u.organisationId === targetOrganisationId && u.abbreviation === abbreviation,
  );
  const targetUnitId =
    chosen ??
    (mapped && units.organisationOf(mapped) === targetOrganisationId ? mapped : (sameName?.id ?? null));
  if (!targetUnitId || units.organisationOf(targetUnitId) !== targetOrganisationId) {
    problems.push(
      `assignment ${a.id} (${a.role}, unit ${abbreviation ?? unitId}) needs a unit of ${units.organisationName(targetOrganisationId)}, where its document goes`,
    );
  }
  return targetUnitId;
}

/**
 * Incoming items go where their lead assignment goes; drafts go with their drafting unit; documents signed or
 * numbered but not dispatched stay and need a decision.
 */
function planDocuments(
  held: HeldDocument[],
  units: UnitMap,
  documentTargets: Map<string, string>,
): { documents: DocumentTransfer[]; attention: AttentionItem[] } {
  const documents: DocumentTransfer[] = [];
  const attention: AttentionItem[] = [];
  for (const r of held) {
    if (r.stage === 'undispatched') {
      attention.push({
        documentId: r.id,
        organisationId: r.organisationId,
        status: r.status,
        numberSymbol: r.numberSymbol,
        subject: r.subject,
        reason: UNDISPATCHED_REASON,
      });
      continue;
    }
    const draft = r.direction === 'outgoing';
    const targetDraftingUnitId = draft ? units.target(r.draftingUnitId) : undefined;
    documents.push({
      documentId: r.id,
      organisationId: r.organisationId,
      direction: r.direction,
      status: r.status,
      registerNumber: r.registerNumber,
      numberSymbol: r.numberSymbol,
      subject: r.subject,
      dueDate: r.dueDate,
      targetOrganisationId: draft
        ? units.organisationOf(targetDraftingUnitId ?? null)
        : (documentTargets.get(r.id) ?? units.primary),
      ...(draft ? { targetDraftingUnitId } : {}),
    });
  }
  return { documents, attention };
}

/** Every unit of the ceasing organisations, by id, with its target; one in use without a target blocks the plan. */
function planUnitMappings(
  facts: ContinuityFacts,
  decisions: ContinuityDecisions,
  units: UnitMap,
  problems: string[],
): UnitMapping[] {
  const used = unitsInUse(facts, decisions);
  const mappings = facts.units
    .filter((u) => facts.ceasingIds.includes(u.organisationId))
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((u) => ({
      id: u.id,
      organisationId: u.organisationId,
      abbreviation: u.abbreviation,
      name: u.name,
      targetUnitId: units.target(u.id),
      inUse: used.has(u.id),
    }));
  for (const u of mappings) {
    if (u.inUse && !u.targetUnitId)
      problems.push(
        `unit ${u.abbreviation} (${u.id}) of ${units.organisationName(u.organisationId)} has open work or users and no successor unit: map it`,
      );
  }
  return mappings;
}

/** Units that open assignments, drafts, or users moving without a decided unit refer to. */
function unitsInUse(facts: ContinuityFacts, decisions: ContinuityDecisions): Set<string> {
  const movingByMapping = facts.users.filter((u) => {
    const decided = decisions.users?.[u.id];
    return !decided || (decided.action === 'move' && decided.unitId === undefined);
  });
  return new Set(
    [
      ...facts.assignments.map((a) => a.unitId),
      ...facts.documents.filter((r) => r.stage === 'draft').map((r) => r.draftingUnitId),
      ...movingByMapping.map((u) => u.unitId),
    ].filter((id): id is string => !!id),
  );
}

function registerClosure(r: HeldRegister): RegisterClosure {
  return {
    id: r.id,
    organisationId: r.organisationId,
    kind: r.kind,
    year: r.year,
    series: r.series,
    name: r.name,
    lastNumber: r.lastNumber,
    alreadyClosed: r.closed,
  };
}

function labels(facts: ContinuityFacts, ids: string[]): OrganisationLabel[] {
  return ids
    .map((id) => facts.organisations.find((o) => o.id === id))
    .filter((o): o is Organisation => !!o)
    .map((o) => ({ id: o.id, name: o.name, code: o.code }));
}
