/**
 * The kinds of reorganisation kyso records (Decree 30 and the 2025 merger of communes):
 * - merge: A, B → C (C may be one of the predecessors, which then continues);
 * - split: A → B, C (A ceases; one successor is primary and receives misaddressed items);
 * - rename / code-change: the same organisation under a new name or identification code;
 * - unit-transfer: one phòng/ban moves from one organisation to another.
 */
export type ReorganisationKind = 'merge' | 'split' | 'rename' | 'code-change' | 'unit-transfer';

export const REORGANISATION_KINDS: readonly ReorganisationKind[] = [
  'merge',
  'split',
  'rename',
  'code-change',
  'unit-transfer',
];

/**
 * recorded: in the lineage, continuity not yet carried out; approved: a merger or split whose dry-run plan the
 * administrator approved ahead, applied by the scheduler at its instant; held: an approved one the scheduler did not
 * apply because its plan was no longer valid (it waits for a new look); applied: carried out; cancelled: withdrawn.
 */
export type ReorganisationStatus = 'recorded' | 'approved' | 'held' | 'applied' | 'cancelled';

export const REORGANISATION_STATUSES: readonly ReorganisationStatus[] = [
  'recorded',
  'approved',
  'held',
  'applied',
  'cancelled',
];

/** How a predecessor relates to a successor. */
export type LineageLinkKind = 'merged-into' | 'split-into' | 'unit-transferred';

export interface MergeDetails {
  kind: 'merge';
  from: string[];
  into: string;
}

export interface SplitDetails {
  kind: 'split';
  from: string;
  into: string[];
  /** The successor that receives items still addressed to the old organisation. */
  primary: string;
}

export interface RenameDetails {
  kind: 'rename';
  organisationId: string;
  name: string;
  shortName: string;
  previous: { name: string; shortName: string };
}

export interface CodeChangeDetails {
  kind: 'code-change';
  organisationId: string;
  code: string;
  previousCode: string | null;
}

export interface UnitTransferDetails {
  kind: 'unit-transfer';
  unitId: string;
  from: string;
  to: string;
  /** The unit's abbreviation in the receiving organisation, when it must change to stay unique there. */
  abbreviation: string;
}

export type ReorganisationDetails =
  MergeDetails | SplitDetails | RenameDetails | CodeChangeDetails | UnitTransferDetails;

/** The organisations an event ends (their fonds closes on the day before the effective date). */
export function dissolvedBy(details: ReorganisationDetails): string[] {
  if (details.kind === 'merge') return details.from.filter((id) => id !== details.into);
  if (details.kind === 'split') return [details.from];
  return [];
}
