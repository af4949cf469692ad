// Public API of @kyso/validation: PAdES validation with ETSI EN 319 102-1 indications and reports.
// Plain TypeScript: no Nest, no environment; the CLI, the API and the worker each build one Validator.

export { validatePdf } from './validate-pdf';
export { createValidator, Validator } from './validator';
export type { BatchValidationCall, ValidationCall, ValidatorSettings } from './validator';
export { emptyVerdictCounts, validateBatch } from './batch/validate-batch';
export type {
  BatchFile,
  BatchResultSink,
  BatchValidationOptions,
  BatchValidationSummary,
  VerdictCounts,
} from './batch/validate-batch';
export type {
  CryptoPolicy,
  SignerCertificateFacts,
  ValidationLimits,
  ValidationOptions,
} from './options/validation-options';
export { DEFAULT_CRYPTO_POLICY, DEFAULT_LIMITS } from './options/validation-options';
export type {
  CertificateSummary,
  ChangeKind,
  CheckResult,
  CheckStatus,
  Coverage,
  EntryKind,
  FileVerdict,
  ModificationChange,
  ModificationReport,
  ModificationVerdict,
  PadesLevel,
  PdfValidationResult,
  SignatureChecks,
  SignatureValidation,
  SignerSummary,
  SigningTime,
  TimestampKind,
  TimestampSummary,
} from './model/validation-result';
export type {
  FailedSubIndication,
  Indication,
  IndeterminateSubIndication,
  SubIndication,
} from './model/indication';
export { describeFinding } from './model/finding';
export type { Finding, FindingCode, FindingParams, FindingSeverity, Lang } from './model/finding';
export { FINDING_TEXTS } from './model/finding-catalog';

export type { ByteSpanToHash, CryptoBackend, VerifySignatureRequest } from './crypto/crypto-backend';
export { NodeCryptoBackend } from './crypto/node-crypto-backend';
export { TrustStore, certificatesFromBytes } from './trust/trust-store';
export { createValidationCache } from './chain/validation-cache';
export type { ValidationCache } from './chain/validation-cache';
export { createOnlineFetchers } from './revocation/online-fetchers';
export type { DefaultFetchersOptions, OnlineFetchers } from './revocation/online-fetchers';
export { ValidationError, ValidationErrorCode } from './validation-error';

export { JSON_REPORT_VERSION, toJsonFileReport, toJsonReport } from './report/json-report';
export type {
  JsonChange,
  JsonFileReport,
  JsonFinding,
  JsonReport,
  JsonSignature,
} from './report/json-report';
export { indicationLine, toTextReport } from './report/text-report';
export { toPdfReport } from './report/pdf-report';
export { formatTime } from './report/report-texts';
export { BatchingCryptoBackend } from './crypto/batching-crypto-backend';
