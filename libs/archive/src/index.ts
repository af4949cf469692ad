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
export { AugmentationService } from './augmentation/augmentation.service';
export type { ArchiveDeps, RunOptions, StartRunInput } from './augmentation/augmentation.service';
export { DocumentAugmenter, filesToPreserve } from './augmentation/document-augmenter';

export { DEFAULT_ARCHIVE_POLICY, endOfDay } from './protection/archive-policy';
export type { ArchivePolicy } from './protection/archive-policy';
export { assessProtection, isAlreadyProtected, timestampHorizon } from './protection/protection-assessment';
export type { ProtectionAssessment, ProtectionLevel } from './protection/protection-assessment';
export { ProtectionRepository } from './protection/protection.repository';
export type { ProtectionRecord, ProtectionState } from './protection/protection.repository';
export { TimestampRenewalService } from './protection/timestamp-renewal.service';
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
