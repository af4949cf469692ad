import { type ErrorKind, KysoError } from '@kyso/common';

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

const TEXTS: Record<ValidationErrorCode, { kind: ErrorKind; en: string; vi: string }> = {
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
};

export class ValidationError extends KysoError {
  declare readonly code: ValidationErrorCode;

  constructor(code: ValidationErrorCode, options: { detail?: string; cause?: unknown } = {}) {
    const t = TEXTS[code];
    const suffix = options.detail ? `: ${options.detail}` : '';
    super(
      code,
      t.kind,
      t.en + suffix,
      t.vi + suffix,
      options.detail ? { detail: options.detail } : undefined,
    );
    if (options.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}
