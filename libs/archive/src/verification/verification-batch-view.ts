import type { FileVerdict, JsonFileReport, VerdictCounts } from '@kyso/validation';
import type { BatchDocument } from './batch-documents';
import type { VerificationBatch, VerificationBatchState } from './verification-batch.entity';

/** What the API answers about a batch: its scope, state and progress. */
export interface VerificationBatchView {
  id: string;
  organisationId: string;
  organisationIds: string[];
  includePredecessors: boolean;
  /** Validation time asked for, ISO 8601; null: each document as of when it was checked. */
  at: string | null;
  requestedBy: string;
  state: VerificationBatchState;
  total: number;
  done: number;
  /** 0–100, rounded down; 100 once completed (also for an empty batch). */
  percent: number;
  counts: VerdictCounts;
  documentsPerSecond: number | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  /** True once `GET …/results` can be downloaded. */
  resultsAvailable: boolean;
}

/** One line of the results: which document and file, then the same JSON report as single-file verification. */
export type BatchResultLine = {
  documentId: string;
  organisationId: string;
  fileId: string;
  version: number;
  kind: string;
} & JsonFileReport;

export function percentDone(state: VerificationBatchState, done: number, total: number): number {
  if (state === 'completed') return 100;
  if (total <= 0) return 0;
  return Math.min(100, Math.floor((done * 100) / total));
}

export function countsOf(b: VerificationBatch): Record<FileVerdict, number> {
  return {
    TOTAL_PASSED: b.countTotalPassed,
    TOTAL_FAILED: b.countTotalFailed,
    INDETERMINATE: b.countIndeterminate,
    NO_SIGNATURE: b.countNoSignature,
    ERROR: b.countError,
  };
}

export function toBatchView(b: VerificationBatch): VerificationBatchView {
  return {
    id: b.id,
    organisationId: b.organisationId,
    organisationIds: b.organisationIds,
    includePredecessors: b.includePredecessors,
    at: b.validationTime?.toISOString() ?? null,
    requestedBy: b.requestedBy,
    state: b.state,
    total: b.total,
    done: b.done,
    percent: percentDone(b.state, b.done, b.total),
    counts: countsOf(b),
    documentsPerSecond: b.documentsPerSecond,
    createdAt: b.createdAt.toISOString(),
    startedAt: b.startedAt?.toISOString() ?? null,
    finishedAt: b.finishedAt?.toISOString() ?? null,
    error: b.errorMessage,
    resultsAvailable: b.state === 'completed' && b.resultsBlobKey !== null,
  };
}

export function resultLine(doc: BatchDocument, report: JsonFileReport): BatchResultLine {
  return {
    documentId: doc.documentId,
    organisationId: doc.organisationId,
    fileId: doc.fileId,
    version: doc.version,
    kind: doc.kind,
    ...report,
  };
}
