import { addDays, isCalendarDate } from '../calendar';
import { ORGANISATION_CODE_MAX, ORGANISATION_CODE_PATTERN } from '../organisations/organisation-rules';
import { LineageError, LineageErrorCode } from './lineage.exception';
import type { LineageGraph } from './lineage-graph';

/**
 * The invariants every recorded event keeps, checked against the lineage as it is before the event:
 * - no event concerns an organisation that has already ceased (no event on a dissolved unit);
 * - an organisation that ceases existed before the effective date, and nothing about it is recorded from a later
 *   date (no overlapping validity: its identity periods stay consecutive and disjoint);
 * - a successor exists on the effective date;
 * - a code is held by one organisation at a time;
 * - the graph stays acyclic (no organisation becomes its own predecessor).
 */
export function checkEffectiveDate(effectiveDate: string): void {
  if (!isCalendarDate(effectiveDate)) {
    throw new LineageError(LineageErrorCode.INVALID_EVENT, {
      fields: ['effectiveDate'],
      reason: `effective date must be YYYY-MM-DD, not "${effectiveDate}"`,
    });
  }
}

function requireOrganisation(graph: LineageGraph, id: string) {
  const org = graph.organisation(id);
  if (!org) throw new LineageError(LineageErrorCode.ORGANISATION_NOT_FOUND, { id });
  return org;
}

/** The organisation changes (ceases, is renamed, gets a new code) from `effectiveDate`. */
export function checkChangeable(graph: LineageGraph, id: string, effectiveDate: string): void {
  const org = requireOrganisation(graph, id);
  if (org.validTo !== null) {
    throw new LineageError(LineageErrorCode.ORGANISATION_DISSOLVED, {
      id,
      name: org.name,
      validTo: org.validTo,
      reason: `${org.name} ceased on ${org.validTo}`,
    });
  }
  const periods = graph.identities(id);
  const latest = periods[periods.length - 1];
  if (effectiveDate <= org.validFrom || (latest && effectiveDate <= latest.validFrom)) {
    throw new LineageError(LineageErrorCode.OVERLAPPING_VALIDITY, {
      id,
      effectiveDate,
      reason: `${org.name} has a period starting ${latest?.validFrom ?? org.validFrom}; a change must come after it`,
    });
  }
}

/** The organisation exists on `effectiveDate` and is not known to cease. */
export function checkReceiving(graph: LineageGraph, id: string, effectiveDate: string): void {
  const org = requireOrganisation(graph, id);
  if (org.validTo !== null) {
    throw new LineageError(LineageErrorCode.ORGANISATION_DISSOLVED, {
      id,
      name: org.name,
      validTo: org.validTo,
      reason: `${org.name} ceased on ${org.validTo}`,
    });
  }
  if (org.validFrom > effectiveDate) {
    throw new LineageError(LineageErrorCode.ORGANISATION_NOT_LIVE, {
      id,
      name: org.name,
      validFrom: org.validFrom,
      reason: `${org.name} starts on ${org.validFrom}`,
    });
  }
}

function checkNoCycle(graph: LineageGraph, predecessor: string, successor: string): void {
  if (predecessor === successor || graph.reaches(successor, predecessor)) {
    throw new LineageError(LineageErrorCode.CYCLE, { predecessor, successor });
  }
}

function distinct(ids: readonly string[], field: string): void {
  if (new Set(ids).size !== ids.length)
    throw new LineageError(LineageErrorCode.INVALID_EVENT, {
      fields: [field],
      reason: `${field} names an organisation twice`,
    });
}

export function checkMerge(
  graph: LineageGraph,
  input: { from: readonly string[]; into: string; effectiveDate: string },
): void {
  checkEffectiveDate(input.effectiveDate);
  if (input.from.length === 0 || (input.from.length === 1 && input.from[0] === input.into)) {
    throw new LineageError(LineageErrorCode.INVALID_EVENT, {
      fields: ['from'],
      reason: 'a merger needs at least one organisation that ceases',
    });
  }
  distinct(input.from, 'from');
  checkReceiving(graph, input.into, input.effectiveDate);
  for (const id of input.from) {
    if (id === input.into) continue;
    checkChangeable(graph, id, input.effectiveDate);
    checkNoCycle(graph, id, input.into);
  }
}

export function checkSplit(
  graph: LineageGraph,
  input: { from: string; into: readonly string[]; primary: string; effectiveDate: string },
): void {
  checkEffectiveDate(input.effectiveDate);
  if (input.into.length < 2)
    throw new LineageError(LineageErrorCode.INVALID_EVENT, {
      fields: ['into'],
      reason: 'a split needs at least two successors',
    });
  distinct(input.into, 'into');
  if (!input.into.includes(input.primary))
    throw new LineageError(LineageErrorCode.INVALID_EVENT, {
      fields: ['primary'],
      reason: 'the primary successor must be one of the successors',
    });
  checkChangeable(graph, input.from, input.effectiveDate);
  for (const id of input.into) {
    checkReceiving(graph, id, input.effectiveDate);
    checkNoCycle(graph, input.from, id);
  }
}

export function checkRename(
  graph: LineageGraph,
  input: { organisationId: string; name: string; effectiveDate: string },
): void {
  checkEffectiveDate(input.effectiveDate);
  if (!input.name.trim())
    throw new LineageError(LineageErrorCode.INVALID_EVENT, { fields: ['name'], reason: 'name' });
  checkChangeable(graph, input.organisationId, input.effectiveDate);
}

export function checkCodeChange(
  graph: LineageGraph,
  input: { organisationId: string; code: string; effectiveDate: string },
): void {
  checkEffectiveDate(input.effectiveDate);
  if (input.code.length > ORGANISATION_CODE_MAX || !ORGANISATION_CODE_PATTERN.test(input.code)) {
    throw new LineageError(LineageErrorCode.INVALID_EVENT, {
      fields: ['code'],
      reason: `"${input.code}" is not an identification code (Decision 20/2020/QD-TTg)`,
    });
  }
  checkChangeable(graph, input.organisationId, input.effectiveDate);
  // A code is never handed to a second organisation while (or after) the first holds it: closed codes stay closed so
  // that old documents keep pointing at one lineage.
  const other = graph.codeHistory(input.code).find((p) => p.organisationId !== input.organisationId);
  if (other) {
    throw new LineageError(LineageErrorCode.CODE_TAKEN, {
      code: input.code,
      heldBy: other.organisationId,
      reason: `${input.code} belongs to ${other.name}`,
    });
  }
}

export function checkUnitTransfer(
  graph: LineageGraph,
  input: { from: string; to: string; effectiveDate: string },
): void {
  checkEffectiveDate(input.effectiveDate);
  if (input.from === input.to)
    throw new LineageError(LineageErrorCode.INVALID_EVENT, {
      fields: ['to'],
      reason: 'the unit already belongs to that organisation',
    });
  checkReceiving(graph, input.from, addDays(input.effectiveDate, -1));
  checkReceiving(graph, input.to, input.effectiveDate);
}
