import { codedErrors, KysoError, reasonSuffix } from '@kyso/common';

export enum ArchiveErrorCode {
  RUN_NOT_FOUND = 'ARCHIVE_RUN_NOT_FOUND',
  NOTHING_TO_DO = 'ARCHIVE_NOTHING_TO_DO',
  TSA_REQUIRED = 'ARCHIVE_TSA_REQUIRED',
  BLOB_CORRUPT = 'ARCHIVE_BLOB_CORRUPT',
  EVIDENCE_NOT_FOUND = 'ARCHIVE_EVIDENCE_NOT_FOUND',
  EVIDENCE_MALFORMED = 'ARCHIVE_EVIDENCE_MALFORMED',
  EVIDENCE_EMPTY_BATCH = 'ARCHIVE_EVIDENCE_EMPTY_BATCH',
  SOURCE_UNREADABLE = 'ARCHIVE_SOURCE_UNREADABLE',
}

const ERRORS = codedErrors<ArchiveErrorCode>({
  ARCHIVE_RUN_NOT_FOUND: {
    kind: 'not-found',
    en: 'Archive run not found',
    vi: 'Không tìm thấy lượt xử lý lưu trữ',
  },
  ARCHIVE_NOTHING_TO_DO: {
    kind: 'invalid-input',
    en: 'No document matches: nothing to do',
    vi: 'Không có văn bản nào cần xử lý',
  },
  ARCHIVE_TSA_REQUIRED: {
    kind: 'invalid-input',
    en: 'A timestamp authority is required',
    vi: 'Cần cấu hình máy chủ cấp dấu thời gian',
  },
  ARCHIVE_BLOB_CORRUPT: {
    kind: 'failed',
    en: 'The stored file does not match its recorded SHA-256',
    vi: 'Tệp lưu trữ không khớp mã băm SHA-256 đã ghi nhận',
  },
  ARCHIVE_EVIDENCE_NOT_FOUND: {
    kind: 'not-found',
    en: 'Evidence record not found',
    vi: 'Không tìm thấy hồ sơ bằng chứng',
  },
  ARCHIVE_EVIDENCE_MALFORMED: {
    kind: 'invalid-input',
    en: 'Not an RFC 4998 evidence record',
    vi: 'Không phải hồ sơ bằng chứng theo RFC 4998',
  },
  ARCHIVE_EVIDENCE_EMPTY_BATCH: {
    kind: 'invalid-input',
    en: 'An evidence batch needs at least one file',
    vi: 'Lô bằng chứng cần ít nhất một tệp',
  },
  ARCHIVE_SOURCE_UNREADABLE: {
    kind: 'failed',
    en: 'A file to preserve could not be read',
    vi: 'Không đọc được tệp cần lưu giữ',
  },
});

/** Failures of long-term preservation, with a Vietnamese and an English message. */
export class ArchiveError extends KysoError {
  constructor(code: ArchiveErrorCode, details?: Record<string, unknown>) {
    super(code, ...ERRORS.describe(code, reasonSuffix(details)), details);
  }
}
