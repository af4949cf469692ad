import { codedErrors, KysoError } from '@kyso/common';

/**
 * Failures of the validation API itself (bad options, unreadable trust store). A bad *document* never
 * throws: it becomes a result with verdict ERROR or a failed signature.
 */
export enum ValidationErrorCode {
  TRUST_PATH_NOT_FOUND = 'TRUST_PATH_NOT_FOUND',
  TRUST_ANCHOR_INVALID = 'TRUST_ANCHOR_INVALID',
  INVALID_OPTIONS = 'INVALID_VALIDATION_OPTIONS',
  FILE_UNREADABLE = 'FILE_UNREADABLE',
}

const ERRORS = codedErrors<ValidationErrorCode>({
  [ValidationErrorCode.TRUST_PATH_NOT_FOUND]: {
    kind: 'invalid-input',
    en: 'Trust anchor file or directory not found',
    vi: 'Không tìm thấy tệp hoặc thư mục chứng thư gốc tin cậy',
  },
  [ValidationErrorCode.TRUST_ANCHOR_INVALID]: {
    kind: 'invalid-input',
    en: 'A trust anchor is not a valid X.509 certificate',
    vi: 'Chứng thư gốc tin cậy không phải là chứng thư X.509 hợp lệ',
  },
  [ValidationErrorCode.INVALID_OPTIONS]: {
    kind: 'invalid-input',
    en: 'Invalid validation options',
    vi: 'Tham số kiểm tra chữ ký không hợp lệ',
  },
  [ValidationErrorCode.FILE_UNREADABLE]: {
    kind: 'invalid-input',
    en: 'The file could not be read',
    vi: 'Không đọc được tệp',
  },
});

export class ValidationError extends KysoError {
  declare readonly code: ValidationErrorCode;

  constructor(code: ValidationErrorCode, options: { detail?: string; cause?: unknown } = {}) {
    super(
      code,
      ...ERRORS.describe(code, { en: options.detail ? `: ${options.detail}` : undefined }),
      options.detail ? { detail: options.detail } : undefined,
      options,
    );
  }
}
