import type { EntityManager } from 'typeorm';

/** A register (sổ văn bản) of an organisation, as continuity reports it. */
export interface HeldRegister {
  id: string;
  organisationId: string;
  kind: string;
  year: number;
  series: string;
  name: string;
  /** The last number handed out (0 when none). */
  lastNumber: number;
  closed: boolean;
}

/**
 * Where a document not yet finished stands, in the documents domain's terms: incoming work in flight (arrived,
 * registered, assigned, in progress), an outgoing draft not yet numbered, or an outgoing document signed or numbered
 * but not dispatched.
 */
export type HeldDocumentStage = 'incoming' | 'draft' | 'undispatched';

export interface HeldDocument {
  id: string;
  organisationId: string;
  direction: 'incoming' | 'outgoing';
  status: string;
  stage: HeldDocumentStage;
  registerNumber: number | null;
  numberSymbol: string | null;
  subject: string;
  dueDate: string | null;
  draftingUnitId: string | null;
}

/** An assignment not yet done. */
export interface HeldAssignment {
  id: string;
  documentId: string;
  role: string;
  status: string;
  unitId: string | null;
  userId: string | null;
  deadline: string | null;
}

export interface DocumentMove {
  documentId: string;
  /** The organisation that holds the document now; a document held elsewhere is left alone. */
  from: string;
  to: string;
  /** Drafts only: they leave the ceasing organisation's register and take this unit of the successor. */
  draft?: { draftingUnitId: string | null };
  /** The processing event that says why it moved. */
  event: { kind: 'reorganised' | 'routed'; actorId: string | null; note: string };
  at: Date;
}

export interface AssignmentMove {
  id: string;
  organisationId: string;
  unitId: string | null;
  at: Date;
}

/**
 * What organisations hold in the documents domain (registers, documents, assignments), as reorganisation needs to
 * read and move it. libs/org owns this port because it uses it; libs/documents implements it over its own tables
 * (libs/org may not depend on libs/documents). Every operation runs in the caller's transaction `em`; lists come in
 * a stable order (registers by organisation, year, kind, series; documents and assignments by id) because the
 * continuity plan hash depends on it.
 */
export interface OrganisationHoldings {
  registers(em: EntityManager, organisationIds: string[]): Promise<HeldRegister[]>;
  /** Incoming work in flight, drafts, and outgoing documents signed or numbered but not dispatched. */
  openDocuments(em: EntityManager, organisationIds: string[]): Promise<HeldDocument[]>;
  openAssignments(em: EntityManager, organisationIds: string[]): Promise<HeldAssignment[]>;
  /** Ids of the assignments of one unit not yet done. */
  openAssignmentsOfUnit(em: EntityManager, unitId: string): Promise<string[]>;
  /** Documents of these organisations with a signed, sealed or received file. */
  countSignedDocuments(em: EntityManager, organisationIds: string[]): Promise<number>;
  /** Closes the registers still open; returns how many closed. */
  closeRegisters(em: EntityManager, organisationIds: string[], at: Date): Promise<number>;
  /** Moves a document to another organisation with a processing event; returns 1, or 0 if `from` no longer held it. */
  moveDocument(em: EntityManager, move: DocumentMove): Promise<number>;
  /** Returns 1, or 0 if the assignment does not exist. */
  moveAssignment(em: EntityManager, move: AssignmentMove): Promise<number>;
}
