// @kyso/archive: long-term preservation — LTV augmentation runs, archive timestamp renewal, RFC 4998 evidence records.

export { ArchiveError, ArchiveErrorCode } from './archive.exception';

export { ArchiveRunRepository } from './augmentation/archive-run.repository';
export type {
  ArchiveRun,
  ItemFileResult,
  ItemResult,
  ItemState,
  RunCounts,
  RunItem,
  RunKind,
  RunReport,
  RunScope,
  RunStatus,
} from './augmentation/archive-run.repository';
export { ARCHIVE_AUGMENT_JOB, AugmentationService } from './augmentation/augmentation.service';
export type {
  ArchiveAugmentJobData,
  ArchiveDeps,
  RunOptions,
  StartRunInput,
} from './augmentation/augmentation.service';
export { DocumentAugmenter, filesToPreserve } from './augmentation/document-augmenter';
export {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  isTransient,
  RetriesExhausted,
  withRetries,
} from './augmentation/transient-retry';
export type { RetryPolicy } from './augmentation/transient-retry';

export { DEFAULT_ARCHIVE_POLICY, endOfDay } from './protection/archive-policy';
export type { ArchivePolicy } from './protection/archive-policy';
export { assessProtection, isAlreadyProtected, timestampHorizon } from './protection/protection-assessment';
export type { ProtectionAssessment, ProtectionLevel } from './protection/protection-assessment';
export { ProtectionRepository } from './protection/protection.repository';
export type { ProtectionRecord, ProtectionState } from './protection/protection.repository';
export { TIMESTAMP_RENEWAL_JOB, TimestampRenewalService } from './protection/timestamp-renewal.service';
export type { DueItem, ScanResult } from './protection/timestamp-renewal.service';

export {
  decodeEvidenceRecord,
  encodeArchiveTimeStamp,
  encodeEvidenceRecord,
  encodeSequence,
  DIGEST_OIDS,
} from './evidence/evidence-record';
export type { ArchiveTimeStamp, EvidenceRecord } from './evidence/evidence-record';
export { buildAndTimestamp, EvidenceRecordService } from './evidence/evidence-record.service';
export type { EvidenceBatch, EvidenceSource, EvidenceSubject } from './evidence/evidence-record.service';
export { verifyEvidenceRecord } from './evidence/evidence-verifier';
export type { EvidenceVerification, StampCheck } from './evidence/evidence-verifier';
export {
  deserialiseTree,
  groupHash,
  reducedHashtree,
  reducedTreeRoot,
  serialiseTree,
} from './evidence/reduced-hash-tree';

export { BATCH_ROLES, mayVerifyOrganisation } from './verification/batch-access';
export { listBatchDocuments } from './verification/batch-documents';
export type { BatchDocument } from './verification/batch-documents';
export { BatchProgress, DEFAULT_PROGRESS_POLICY } from './verification/batch-progress';
export type { ProgressPolicy, ProgressSnapshot } from './verification/batch-progress';
export { BATCH_STATES, UNFINISHED_STATES, VerificationBatch } from './verification/verification-batch.entity';
export type { VerificationBatchState } from './verification/verification-batch.entity';
export {
  VerificationBatchError,
  VerificationBatchErrorCode,
} from './verification/verification-batch.exception';
export {
  resultsKeyOf,
  VERIFY_BATCH_JOB,
  VerificationBatchService,
} from './verification/verification-batch.service';
export type {
  CreateBatchInput,
  RunBatchOptions,
  VerificationBatchDeps,
  VerifyBatchJobData,
} from './verification/verification-batch.service';
export { toBatchView } from './verification/verification-batch-view';
export type { BatchResultLine, VerificationBatchView } from './verification/verification-batch-view';

import { VerificationBatch } from './verification/verification-batch.entity';

/** The TypeORM entities libs/archive persists (its other tables are reached in plain SQL); the app adds them. */
export const archiveEntities = [VerificationBatch];
