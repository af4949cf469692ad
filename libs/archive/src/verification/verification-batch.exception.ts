import { codedErrors, KysoError } from '@kyso/common';

export enum VerificationBatchErrorCode {
  NOT_FOUND = 'VERIFICATION_BATCH_NOT_FOUND',
  FORBIDDEN = 'VERIFICATION_BATCH_FORBIDDEN',
  AT_INVALID = 'VERIFICATION_BATCH_AT_INVALID',
  RESULTS_NOT_READY = 'VERIFICATION_BATCH_RESULTS_NOT_READY',
  ALREADY_FINISHED = 'VERIFICATION_BATCH_ALREADY_FINISHED',
  RESULTS_MISSING = 'VERIFICATION_BATCH_RESULTS_MISSING',
  LOCAL_FILES_REQUIRED = 'VERIFICATION_BATCH_LOCAL_FILES_REQUIRED',
}

const STATE_VI: Record<string, string> = {
  queued: 'đang chờ',
  running: 'đang chạy',
  completed: 'đã hoàn thành',
  failed: 'bị lỗi',
  cancelled: 'đã hủy',
};

const ERRORS = codedErrors<VerificationBatchErrorCode>({
  VERIFICATION_BATCH_NOT_FOUND: {
    kind: 'not-found',
    en: () => 'Verification batch not found',
    vi: () => 'Không tìm thấy lượt kiểm tra chữ ký hàng loạt',
  },
  VERIFICATION_BATCH_FORBIDDEN: {
    kind: 'forbidden',
    en: () =>
      'Only the system administrator, or an administrator, clerk or leader of the organisation, may verify its documents in bulk',
    vi: () =>
      'Chỉ quản trị hệ thống, hoặc quản trị, văn thư, lãnh đạo của chính cơ quan mới được kiểm tra hàng loạt văn bản của cơ quan',
  },
  VERIFICATION_BATCH_AT_INVALID: {
    kind: 'invalid-input',
    en: () => '"at" must be an ISO 8601 time that is not in the future (signatures are checked as of then)',
    vi: () => 'Thời điểm kiểm tra ("at") phải theo ISO 8601 và không được ở tương lai',
  },
  VERIFICATION_BATCH_RESULTS_NOT_READY: {
    kind: 'conflict',
    en: (d) =>
      `The results are available once the batch has completed; it is ${String(d.state)}` +
      (d.state === 'queued' || d.state === 'running' ? ' (poll GET /api/v1/verification-batches/{id})' : ''),
    vi: (d) =>
      `Chỉ tải được kết quả khi lượt kiểm tra đã hoàn thành; hiện lượt kiểm tra ${STATE_VI[String(d.state)] ?? String(d.state)}`,
  },
  VERIFICATION_BATCH_ALREADY_FINISHED: {
    kind: 'conflict',
    en: (d) => `The batch has already ended (${String(d.state)}): there is nothing to cancel`,
    vi: (d) => `Lượt kiểm tra đã kết thúc (${STATE_VI[String(d.state)] ?? String(d.state)}), không thể hủy`,
  },
  VERIFICATION_BATCH_RESULTS_MISSING: {
    kind: 'not-found',
    en: () => 'The results file of this batch is missing from storage; start a new batch',
    vi: () => 'Không tìm thấy tệp kết quả của lượt kiểm tra trong kho lưu trữ; hãy chạy lượt kiểm tra mới',
  },
  VERIFICATION_BATCH_LOCAL_FILES_REQUIRED: {
    kind: 'unavailable',
    en: () => 'Batch verification reads files from the local blob directory',
    vi: () => 'Kiểm tra hàng loạt cần kho tệp cục bộ',
  },
});

/** Failures of batch verification requests, with a Vietnamese and an English message. */
export class VerificationBatchError extends KysoError {
  constructor(code: VerificationBatchErrorCode, details: Record<string, unknown> = {}) {
    super(code, ...ERRORS.describe(code, {}, details), details);
  }
}
