import { type ErrorKind, KysoError } from '@kyso/common';

export enum StorageErrorCode {
  INVALID_KEY = 'INVALID_KEY',
  NOT_FOUND = 'NOT_FOUND',
  IO = 'IO',
}

/** Kind and Vietnamese text per code; the English message names the blob. IO keeps the 400 / exit 3 it had. */
const META: Record<StorageErrorCode, [ErrorKind, string]> = {
  INVALID_KEY: ['invalid-input', 'Khoá tệp không hợp lệ'],
  NOT_FOUND: ['not-found', 'Không tìm thấy tệp'],
  IO: ['invalid-input', 'Lỗi đọc/ghi tệp'],
};

export class StorageError extends KysoError {
  declare readonly code: StorageErrorCode;

  constructor(code: StorageErrorCode, message: string) {
    super(code, META[code][0], message, META[code][1]);
  }
}
