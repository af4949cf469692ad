export enum StorageErrorCode {
  INVALID_KEY = 'INVALID_KEY',
  NOT_FOUND = 'NOT_FOUND',
  IO = 'IO',
}

const vi: Record<StorageErrorCode, string> = {
  INVALID_KEY: 'Khoá tệp không hợp lệ',
  NOT_FOUND: 'Không tìm thấy tệp',
  IO: 'Lỗi đọc/ghi tệp',
};

export class StorageError extends Error {
  readonly messageVi: string;
  constructor(
    readonly code: StorageErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StorageError';
    this.messageVi = vi[code];
  }
}
