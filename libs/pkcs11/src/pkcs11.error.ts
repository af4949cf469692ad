import { type ErrorKind, KysoError } from '@kyso/common';

export enum Pkcs11ErrorCode {
  MODULE_NOT_FOUND = 'MODULE_NOT_FOUND',
  MODULE_INVALID = 'MODULE_INVALID',
  TOKEN_NOT_FOUND = 'TOKEN_NOT_FOUND',
  TOKEN_AMBIGUOUS = 'TOKEN_AMBIGUOUS',
  PIN_INCORRECT = 'PIN_INCORRECT',
  PIN_LOCKED = 'PIN_LOCKED',
  KEY_NOT_FOUND = 'KEY_NOT_FOUND',
  CERTIFICATE_NOT_FOUND = 'CERTIFICATE_NOT_FOUND',
  MECHANISM_NOT_SUPPORTED = 'MECHANISM_NOT_SUPPORTED',
  DEVICE_REMOVED = 'DEVICE_REMOVED',
  POOL_QUEUE_FULL = 'POOL_QUEUE_FULL',
  SESSION_CLOSED = 'SESSION_CLOSED',
  GENERAL = 'GENERAL',
}

/** What kind of failure each code is, so the API and the CLI map it to a status and an exit code. */
const KIND: Record<Pkcs11ErrorCode, ErrorKind> = {
  MODULE_NOT_FOUND: 'invalid-input',
  MODULE_INVALID: 'invalid-input',
  TOKEN_NOT_FOUND: 'not-found',
  TOKEN_AMBIGUOUS: 'invalid-input',
  // A wrong or locked PIN is the token refusing, not a malformed request.
  PIN_INCORRECT: 'failed',
  PIN_LOCKED: 'failed',
  KEY_NOT_FOUND: 'not-found',
  CERTIFICATE_NOT_FOUND: 'not-found',
  MECHANISM_NOT_SUPPORTED: 'invalid-input',
  DEVICE_REMOVED: 'unavailable',
  POOL_QUEUE_FULL: 'unavailable',
  SESSION_CLOSED: 'unavailable',
  GENERAL: 'failed',
};

export interface Pkcs11ErrorOptions {
  /** The CKR_* name reported by the module, when the error came from one. */
  ckr?: string;
  cause?: unknown;
  /** PIN_INCORRECT only: the token says the next wrong PIN locks it (CKF_USER_PIN_FINAL_TRY). */
  lastTry?: boolean;
  /** PIN_INCORRECT only: the token says few tries are left (CKF_USER_PIN_COUNT_LOW). */
  triesLeftLow?: boolean;
}

/**
 * Every failure of this library. `message` is English, `messageVi` Vietnamese; both are safe to
 * show to users and to log: they never contain a PIN (no factory takes one).
 */
export class Pkcs11Error extends KysoError {
  declare readonly code: Pkcs11ErrorCode;
  readonly ckr?: string;
  readonly lastTry?: boolean;
  readonly triesLeftLow?: boolean;

  constructor(code: Pkcs11ErrorCode, message: { en: string; vi: string }, options: Pkcs11ErrorOptions = {}) {
    super(code, KIND[code], message.en, message.vi, undefined, options);
    if (options.ckr !== undefined) this.ckr = options.ckr;
    if (options.lastTry !== undefined) this.lastTry = options.lastTry;
    if (options.triesLeftLow !== undefined) this.triesLeftLow = options.triesLeftLow;
  }

  static moduleNotFound(path: string, cause?: unknown): Pkcs11Error {
    return new Pkcs11Error(
      Pkcs11ErrorCode.MODULE_NOT_FOUND,
      { en: `PKCS#11 module not found: ${path}`, vi: `Không tìm thấy thư viện PKCS#11: ${path}` },
      { cause },
    );
  }

  static moduleInvalid(path: string, cause?: unknown): Pkcs11Error {
    return new Pkcs11Error(
      Pkcs11ErrorCode.MODULE_INVALID,
      {
        en: `${path} is not a PKCS#11 module (it cannot be loaded or has no C_GetFunctionList)`,
        vi: `Tệp ${path} không phải là thư viện PKCS#11 hợp lệ`,
      },
      { cause },
    );
  }

  static tokenNotFound(selector: string): Pkcs11Error {
    return new Pkcs11Error(Pkcs11ErrorCode.TOKEN_NOT_FOUND, {
      en: `Token ${selector} not found. Check that it is plugged in.`,
      vi: `Không tìm thấy token ${selector}. Hãy kiểm tra token đã được cắm vào máy.`,
    });
  }

  static tokenAmbiguous(selector: string, count: number): Pkcs11Error {
    return new Pkcs11Error(Pkcs11ErrorCode.TOKEN_AMBIGUOUS, {
      en: `${count} tokens match ${selector}; select the token by serial number.`,
      vi: `Có ${count} token khớp với ${selector}; hãy chọn token theo số sê-ri.`,
    });
  }

  static pinIncorrect(state: { lastTry: boolean; triesLeftLow: boolean }, ckr?: string): Pkcs11Error {
    const en = state.lastTry
      ? 'Incorrect PIN. The next wrong PIN will lock the token.'
      : state.triesLeftLow
        ? 'Incorrect PIN. Few tries left.'
        : 'Incorrect PIN.';
    const vi = state.lastTry
      ? 'Sai mã PIN. Nhập sai thêm một lần nữa mã PIN sẽ bị khoá.'
      : state.triesLeftLow
        ? 'Sai mã PIN. Còn ít lần thử.'
        : 'Sai mã PIN.';
    return new Pkcs11Error(Pkcs11ErrorCode.PIN_INCORRECT, { en, vi }, { ckr, ...state });
  }

  static pinLocked(ckr?: string): Pkcs11Error {
    return new Pkcs11Error(
      Pkcs11ErrorCode.PIN_LOCKED,
      {
        en: 'The PIN is locked. Ask the administrator or the certificate provider to unlock it.',
        vi: 'Mã PIN đã bị khoá. Hãy liên hệ quản trị viên hoặc nhà cung cấp chứng thư số để mở khoá.',
      },
      { ckr },
    );
  }

  static keyNotFound(query: string, ckr?: string): Pkcs11Error {
    return new Pkcs11Error(
      Pkcs11ErrorCode.KEY_NOT_FOUND,
      {
        en: `Private key${query ? ` ${query}` : ''} not found on the token.`,
        vi: `Không tìm thấy khoá bí mật${query ? ` ${query}` : ''} trên token.`,
      },
      { ckr },
    );
  }

  static certificateNotFound(query: string): Pkcs11Error {
    return new Pkcs11Error(Pkcs11ErrorCode.CERTIFICATE_NOT_FOUND, {
      en: `Certificate ${query} not found on the token, and no private key matches its public key.`,
      vi: `Không tìm thấy chứng thư số ${query} trên token và không có khoá bí mật nào khớp với khoá công khai của nó.`,
    });
  }

  static mechanismNotSupported(what: string, ckr?: string): Pkcs11Error {
    return new Pkcs11Error(
      Pkcs11ErrorCode.MECHANISM_NOT_SUPPORTED,
      {
        en: `The token does not support ${what}.`,
        vi: `Token không hỗ trợ ${what}.`,
      },
      { ckr },
    );
  }

  static deviceRemoved(token: string, ckr?: string, cause?: unknown): Pkcs11Error {
    return new Pkcs11Error(
      Pkcs11ErrorCode.DEVICE_REMOVED,
      {
        en: `Token ${token} was removed or disconnected. Plug it in and try again.`,
        vi: `Token ${token} đã bị rút ra hoặc mất kết nối. Hãy cắm lại token và thử lại.`,
      },
      { ckr, cause },
    );
  }

  static poolQueueFull(maxQueue: number): Pkcs11Error {
    return new Pkcs11Error(Pkcs11ErrorCode.POOL_QUEUE_FULL, {
      en: `The signing queue is full (${maxQueue} waiting requests); try again later.`,
      vi: `Hàng đợi ký đã đầy (${maxQueue} yêu cầu đang chờ); vui lòng thử lại sau.`,
    });
  }

  static sessionClosed(): Pkcs11Error {
    return new Pkcs11Error(Pkcs11ErrorCode.SESSION_CLOSED, {
      en: 'The token session is closed.',
      vi: 'Phiên làm việc với token đã đóng.',
    });
  }

  static general(detail: string, ckr?: string, cause?: unknown): Pkcs11Error {
    return new Pkcs11Error(
      Pkcs11ErrorCode.GENERAL,
      { en: `PKCS#11 error: ${detail}`, vi: `Lỗi PKCS#11: ${detail}` },
      { ckr, cause },
    );
  }
}
