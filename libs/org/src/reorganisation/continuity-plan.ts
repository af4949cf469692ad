import { createHash } from 'node:crypto';

/** What the administrator decides for a merger or split; everything not decided takes the proposal of the dry run. */
export interface ContinuityDecisions {
  /** Unit of a ceasing organisation → unit of a successor. Unlisted units: the successor's unit with the same abbreviation. */
  units?: Record<string, string>;
  /** Users of the ceasing organisations. Default: move, to the successor unit their unit maps to. */
  users?: Record<string, UserDecision>;
  /**
   * Assignment → unit of the successor its document goes to, for an assignment whose unit maps elsewhere (after a
   * split, a coordinating unit may end up in the other commune). Unlisted: the unit with the same abbreviation there.
   */
  assignments?: Record<string, string>;
}

export type UserDecision = { action: 'move'; unitId?: string | null } | { action: 'deactivate' };

export interface OrganisationLabel {
  id: string;
  name: string;
  code: string | null;
}

export interface RegisterClosure {
  id: string;
  organisationId: string;
  kind: string;
  year: number;
  series: string;
  name: string;
  /** The last number handed out (0 when none). */
  lastNumber: number;
  alreadyClosed: boolean;
}

export interface DocumentTransfer {
  documentId: string;
  organisationId: string;
  direction: 'incoming' | 'outgoing';
  status: string;
  registerNumber: number | null;
  numberSymbol: string | null;
  subject: string;
  dueDate: string | null;
  targetOrganisationId: string;
  /** Drafts only: the successor unit their drafting unit maps to. */
  targetDraftingUnitId?: string | null;
}

export interface AssignmentTransfer {
  id: string;
  documentId: string;
  role: string;
  status: string;
  unitId: string | null;
  userId: string | null;
  deadline: string | null;
  targetOrganisationId: string;
  targetUnitId: string | null;
}

export interface UserTransfer {
  id: string;
  username: string;
  fullName: string;
  organisationId: string;
  unitId: string | null;
  action: 'move' | 'deactivate';
  targetOrganisationId: string | null;
  targetUnitId: string | null;
}

export interface UnitMapping {
  id: string;
  organisationId: string;
  abbreviation: string;
  name: string;
  targetUnitId: string | null;
  /** Open work, drafts or users refer to it: it must be mapped. */
  inUse: boolean;
}

/** Outgoing documents signed or numbered by a ceasing organisation but not dispatched: someone must decide. */
export interface AttentionItem {
  documentId: string;
  organisationId: string;
  status: string;
  numberSymbol: string | null;
  subject: string;
  reason: string;
}

/**
 * The dry-run report of a merger or split: everything the continuity transaction would do, and what blocks it.
 * `planHash` fingerprints the actions; applying with it refuses if the work changed since the administrator read it.
 */
export interface ContinuityPlan {
  eventId: string;
  kind: 'merge' | 'split';
  effectiveDate: string;
  ceasing: OrganisationLabel[];
  successors: OrganisationLabel[];
  registers: RegisterClosure[];
  documents: DocumentTransfer[];
  assignments: AssignmentTransfer[];
  users: UserTransfer[];
  units: UnitMapping[];
  attention: AttentionItem[];
  /** Documents of the ceasing organisations with signed files: the augmentation run should cover them. */
  signedDocuments: number;
  /** Reasons the plan cannot be applied as it stands (unmapped units in use, unknown target units). */
  problems: string[];
  planHash: string;
}

/** Fingerprint of the actions only (ids and targets), so a re-run of the same dry run gives the same hash. */
export function fingerprintPlan(plan: Omit<ContinuityPlan, 'planHash'>): string {
  const actions = {
    event: plan.eventId,
    registers: plan.registers.filter((r) => !r.alreadyClosed).map((r) => r.id),
    documents: plan.documents.map((d) => [
      d.documentId,
      d.status,
      d.targetOrganisationId,
      d.targetDraftingUnitId ?? null,
    ]),
    assignments: plan.assignments.map((a) => [a.id, a.status, a.targetOrganisationId, a.targetUnitId]),
    users: plan.users.map((u) => [u.id, u.action, u.targetOrganisationId, u.targetUnitId]),
    units: plan.units.map((u) => [u.id, u.targetUnitId]),
  };
  return createHash('sha256').update(JSON.stringify(actions)).digest('hex');
}
