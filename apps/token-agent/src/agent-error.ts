import {
  AgentErrorCode as Code,
  type AgentErrorBody,
  RequestTokenError,
  RequestTokenErrorCode,
} from '@kyso/agent-protocol';
import { type ErrorKind, HTTP_STATUS_OF_KIND, KysoError } from '@kyso/common';
import { Pkcs11Error, Pkcs11ErrorCode } from '@kyso/pkcs11';

interface Entry {
  kind: ErrorKind;
  /** Only where HTTP says more than the kind (405, 415, 423, 502, 500). */
  status?: number;
  en: string;
  vi: string;
}

/** One fixed text per code: messages never interpolate request data, so no PIN can ever reach them. */
const CATALOGUE: Record<Code, Entry> = {
  HOST_NOT_ALLOWED: {
    kind: 'forbidden',
    en: 'The agent only answers requests addressed to 127.0.0.1 or localhost',
    vi: 'Yêu cầu bị từ chối: địa chỉ truy cập phần mềm ký số không hợp lệ.',
  },
  ORIGIN_NOT_ALLOWED: {
    kind: 'forbidden',
    en: 'This web site is not a paired kyso server',
    vi: 'Trang web này không được phép sử dụng phần mềm ký số. Chỉ trang kyso đã ghép nối mới được phép.',
  },
  NOT_FOUND: {
    kind: 'not-found',
    en: 'No such agent endpoint',
    vi: 'Không có chức năng này trong phần mềm ký số.',
  },
  METHOD_NOT_ALLOWED: {
    kind: 'invalid-input',
    status: 405,
    en: 'Method not allowed',
    vi: 'Phương thức không được hỗ trợ.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    kind: 'invalid-input',
    status: 415,
    en: 'The request body must be application/json',
    vi: 'Yêu cầu phải ở dạng JSON.',
  },
  PAYLOAD_TOO_LARGE: { kind: 'too-large', en: 'The request is too large', vi: 'Yêu cầu quá lớn.' },
  BAD_REQUEST: { kind: 'invalid-input', en: 'The request is invalid', vi: 'Yêu cầu ký không hợp lệ.' },
  REQUEST_NOT_FROM_KYSO: {
    kind: 'forbidden',
    en: 'The signing request was not issued by the paired kyso server; nothing was signed',
    vi: 'Yêu cầu ký không phải do hệ thống kyso phát hành. Văn bản không được ký.',
  },
  NOT_PAIRED: {
    kind: 'forbidden',
    en: 'This agent is not paired with this kyso server, or the server key changed; run `kyso-token-agent pair`',
    vi: 'Phần mềm ký số chưa được ghép nối với máy chủ kyso này, hoặc khoá của máy chủ đã thay đổi. Hãy chạy lệnh ghép nối: kyso-token-agent pair.',
  },
  REQUEST_EXPIRED: {
    kind: 'forbidden',
    en: 'The signing request has expired; sign again',
    vi: 'Yêu cầu ký đã hết hạn. Hãy bấm Ký lại để tạo yêu cầu mới.',
  },
  REQUEST_NOT_YET_VALID: {
    kind: 'forbidden',
    en: 'The signing request is dated in the future; check the computer clock',
    vi: 'Yêu cầu ký có thời điểm trong tương lai. Hãy kiểm tra đồng hồ của máy tính.',
  },
  WRONG_ORIGIN: {
    kind: 'forbidden',
    en: 'The signing request was issued for another web site than the one that sent it',
    vi: 'Yêu cầu ký được gửi từ một trang web khác với trang kyso đã phát hành nó. Văn bản không được ký.',
  },
  REQUEST_REPLAYED: {
    kind: 'conflict',
    en: 'This signing request was already used; sign again',
    vi: 'Yêu cầu ký này đã được sử dụng. Hãy bấm Ký lại để tạo yêu cầu mới.',
  },
  TBS_HASH_MISMATCH: {
    kind: 'invalid-input',
    en: 'The data to be signed does not match the kyso server request; nothing was signed',
    vi: 'Dữ liệu cần ký không khớp với yêu cầu của máy chủ kyso. Văn bản không được ký.',
  },
  CERTIFICATE_MISMATCH: {
    kind: 'conflict',
    en: 'The chosen certificate is not the one the kyso server prepared the signature for',
    vi: 'Chứng thư số đã chọn khác với chứng thư số mà máy chủ kyso đã chuẩn bị. Hãy chọn lại chứng thư số và ký lại.',
  },
  NO_MODULE: {
    kind: 'unavailable',
    en: 'No PKCS#11 token driver is installed or configured on this computer',
    vi: 'Không tìm thấy phần mềm điều khiển (thư viện PKCS#11) của USB token trên máy tính này. Hãy cài phần mềm của nhà cung cấp token hoặc khai báo đường dẫn trong tệp cấu hình.',
  },
  NO_TOKEN: {
    kind: 'not-found',
    en: 'No USB token is plugged in',
    vi: 'Không tìm thấy USB token. Hãy cắm USB token vào máy tính.',
  },
  TOKEN_NOT_FOUND: {
    kind: 'not-found',
    en: 'The chosen USB token is not plugged in',
    vi: 'Không tìm thấy USB token đã chọn. Hãy cắm token vào máy tính và tải lại danh sách chứng thư số.',
  },
  TOKEN_REMOVED: {
    kind: 'conflict',
    en: 'The USB token was removed; plug it in and try again',
    vi: 'USB token đã bị rút ra. Hãy cắm lại token và thử lại.',
  },
  CERTIFICATE_NOT_FOUND: {
    kind: 'not-found',
    en: 'The chosen certificate is not on the token',
    vi: 'Không tìm thấy chứng thư số đã chọn trên USB token.',
  },
  CERTIFICATE_EXPIRED: {
    kind: 'failed',
    en: 'The certificate has expired; ask the certificate provider for a new one',
    vi: 'Chứng thư số đã hết hạn. Hãy liên hệ nhà cung cấp chứng thư số để gia hạn.',
  },
  CERTIFICATE_NOT_YET_VALID: {
    kind: 'failed',
    en: 'The certificate is not valid yet; check the computer clock',
    vi: 'Chứng thư số chưa có hiệu lực. Hãy kiểm tra đồng hồ của máy tính.',
  },
  KEY_NOT_FOUND: {
    kind: 'not-found',
    en: 'The private key of the chosen certificate is not on the token',
    vi: 'Không tìm thấy khoá bí mật của chứng thư số đã chọn trên USB token.',
  },
  PIN_REQUIRED: {
    kind: 'unauthenticated',
    en: 'Enter the PIN of the USB token',
    vi: 'Hãy nhập mã PIN của USB token.',
  },
  PIN_INCORRECT: {
    kind: 'unauthenticated',
    en: 'Incorrect PIN; the token locks after several wrong PINs',
    vi: 'Sai mã PIN. Hãy nhập lại cẩn thận: token sẽ bị khoá nếu nhập sai nhiều lần.',
  },
  PIN_LOCKED: {
    kind: 'failed',
    status: 423,
    en: 'The PIN is locked; ask the certificate provider to unlock the token',
    vi: 'Mã PIN của USB token đã bị khoá. Hãy liên hệ nhà cung cấp chứng thư số để mở khoá.',
  },
  MECHANISM_NOT_SUPPORTED: {
    kind: 'failed',
    en: 'The token cannot make this kind of signature',
    vi: 'USB token không hỗ trợ kiểu chữ ký này.',
  },
  TOKEN_ERROR: {
    kind: 'unavailable',
    status: 502,
    en: 'The USB token reported an error; unplug it, plug it in again and retry',
    vi: 'USB token báo lỗi. Hãy rút token ra, cắm lại và thử lại.',
  },
  INTERNAL: {
    kind: 'failed',
    status: 500,
    en: 'Internal error of the signing agent; see its log',
    vi: 'Phần mềm ký số gặp lỗi. Hãy khởi động lại phần mềm và thử lại; nếu vẫn lỗi, gửi tệp nhật ký cho quản trị viên.',
  },
};

export interface AgentErrorOptions {
  /** Text for the agent's log only (English); never sent to the browser. */
  detail?: string;
  triesLeft?: number;
  triesLow?: boolean;
  /** Replaces the catalogue's Vietnamese text when a more precise fixed sentence exists. */
  messageVi?: string;
  cause?: unknown;
}

/** A refusal or failure of the agent, with the HTTP status and the JSON body the page shows. */
export class AgentError extends KysoError {
  declare readonly code: Code;
  /** From the code's declared kind, or the code's own status where HTTP says more (see `Entry.status`). */
  readonly status: number;
  readonly detail?: string;
  readonly triesLeft?: number;
  readonly triesLow?: boolean;

  constructor(code: Code, options: AgentErrorOptions = {}) {
    const entry = CATALOGUE[code];
    super(code, entry.kind, entry.en, options.messageVi ?? entry.vi, undefined, options);
    this.status = entry.status ?? HTTP_STATUS_OF_KIND[entry.kind];
    if (options.detail !== undefined) this.detail = options.detail;
    if (options.triesLeft !== undefined) this.triesLeft = options.triesLeft;
    if (options.triesLow !== undefined) this.triesLow = options.triesLow;
  }

  toBody(): AgentErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        messageVi: this.messageVi,
        ...(this.triesLeft === undefined ? {} : { triesLeft: this.triesLeft }),
        ...(this.triesLow === undefined ? {} : { triesLow: this.triesLow }),
      },
    };
  }
}

const REQUEST_TOKEN_CODES: Record<RequestTokenErrorCode, Code> = {
  MALFORMED: Code.REQUEST_NOT_FROM_KYSO,
  UNSUPPORTED_ALGORITHM: Code.REQUEST_NOT_FROM_KYSO,
  BAD_SIGNATURE: Code.REQUEST_NOT_FROM_KYSO,
  WRONG_AUDIENCE: Code.REQUEST_NOT_FROM_KYSO,
  LIFETIME_TOO_LONG: Code.REQUEST_NOT_FROM_KYSO,
  UNKNOWN_KEY: Code.NOT_PAIRED,
  EXPIRED: Code.REQUEST_EXPIRED,
  NOT_YET_VALID: Code.REQUEST_NOT_YET_VALID,
  WRONG_ISSUER: Code.WRONG_ORIGIN,
};

const PIN_LAST_TRY_VI =
  'Sai mã PIN. Chỉ còn một lần thử: nếu nhập sai thêm một lần nữa, USB token sẽ bị khoá.';
const PIN_TRIES_LOW_VI =
  'Sai mã PIN. Chỉ còn ít lần thử trước khi USB token bị khoá. Hãy nhập lại thật cẩn thận.';

function fromPkcs11(err: Pkcs11Error): AgentError {
  const detail = err.message;
  switch (err.code) {
    case Pkcs11ErrorCode.PIN_INCORRECT:
      if (err.lastTry)
        return new AgentError(Code.PIN_INCORRECT, { detail, triesLeft: 1, messageVi: PIN_LAST_TRY_VI });
      if (err.triesLeftLow)
        return new AgentError(Code.PIN_INCORRECT, { detail, triesLow: true, messageVi: PIN_TRIES_LOW_VI });
      return new AgentError(Code.PIN_INCORRECT, { detail });
    case Pkcs11ErrorCode.PIN_LOCKED:
      return new AgentError(Code.PIN_LOCKED, { detail });
    case Pkcs11ErrorCode.TOKEN_NOT_FOUND:
      return new AgentError(Code.TOKEN_NOT_FOUND, { detail });
    case Pkcs11ErrorCode.DEVICE_REMOVED:
    case Pkcs11ErrorCode.SESSION_CLOSED:
      return new AgentError(Code.TOKEN_REMOVED, { detail });
    case Pkcs11ErrorCode.KEY_NOT_FOUND:
    case Pkcs11ErrorCode.CERTIFICATE_NOT_FOUND:
      return new AgentError(Code.KEY_NOT_FOUND, { detail });
    case Pkcs11ErrorCode.MECHANISM_NOT_SUPPORTED:
      return new AgentError(Code.MECHANISM_NOT_SUPPORTED, { detail });
    case Pkcs11ErrorCode.MODULE_NOT_FOUND:
    case Pkcs11ErrorCode.MODULE_INVALID:
      return new AgentError(Code.NO_MODULE, { detail });
    default:
      return new AgentError(Code.TOKEN_ERROR, { detail });
  }
}

/** Maps any failure to an AgentError; unknown ones become INTERNAL without leaking their text to the page. */
export function toAgentError(err: unknown): AgentError {
  if (err instanceof AgentError) return err;
  if (err instanceof RequestTokenError) {
    return new AgentError(REQUEST_TOKEN_CODES[err.code], { detail: err.message });
  }
  if (err instanceof Pkcs11Error) return fromPkcs11(err);
  return new AgentError(Code.INTERNAL, {
    detail: err instanceof Error ? err.message : String(err),
    cause: err,
  });
}
