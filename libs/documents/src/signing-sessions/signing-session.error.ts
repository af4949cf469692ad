import { codedErrors, KysoError } from '@kyso/common';

export enum SigningSessionErrorCode {
  SESSION_NOT_FOUND = 'SESSION_NOT_FOUND',
  SESSION_EXPIRED = 'SESSION_EXPIRED',
  DOCUMENT_CHANGED = 'DOCUMENT_CHANGED',
  CERTIFICATE_NOT_REGISTERED = 'CERTIFICATE_NOT_REGISTERED',
  CERTIFICATE_NOT_THIS_USER = 'CERTIFICATE_NOT_THIS_USER',
  CERTIFICATE_INVALID = 'CERTIFICATE_INVALID',
  SIGNATURE_INVALID = 'SIGNATURE_INVALID',
  NOTHING_TO_SIGN = 'NOTHING_TO_SIGN',
}

const ERRORS = codedErrors<SigningSessionErrorCode>({
  SESSION_NOT_FOUND: { kind: 'not-found', en: 'signing session not found', vi: 'Không tìm thấy phiên ký' },
  SESSION_EXPIRED: {
    kind: 'conflict',
    en: 'the signing session expired; start again',
    vi: 'Phiên ký đã hết hạn, vui lòng ký lại',
  },
  DOCUMENT_CHANGED: {
    kind: 'conflict',
    en: 'the document changed after the signature was prepared; start again',
    vi: 'Văn bản đã thay đổi sau khi chuẩn bị ký, vui lòng ký lại',
  },
  CERTIFICATE_NOT_REGISTERED: {
    kind: 'forbidden',
    en: 'no signing certificate is registered for this user; ask the administrator',
    vi: 'Chưa đăng ký chứng thư số cho tài khoản này, vui lòng liên hệ quản trị viên',
  },
  CERTIFICATE_NOT_THIS_USER: {
    kind: 'forbidden',
    en: 'this certificate is not registered to you',
    vi: 'Chứng thư số này không thuộc tài khoản của bạn',
  },
  CERTIFICATE_INVALID: {
    kind: 'invalid-input',
    en: 'the certificate chain is not readable',
    vi: 'Chuỗi chứng thư số không hợp lệ',
  },
  SIGNATURE_INVALID: {
    kind: 'invalid-input',
    en: 'the signature does not verify with the certificate over the prepared data',
    vi: 'Chữ ký không khớp với chứng thư số và dữ liệu cần ký',
  },
  NOTHING_TO_SIGN: {
    kind: 'conflict',
    en: 'the document has no PDF version to sign',
    vi: 'Văn bản chưa có tệp PDF để ký',
  },
});

export class SigningSessionError extends KysoError {
  constructor(code: SigningSessionErrorCode, detail?: string, details?: Record<string, unknown>) {
    // The detail is English (what exactly did not verify); the Vietnamese message stays the fixed sentence.
    super(code, ...ERRORS.describe(code, { en: detail ? `: ${detail}` : '', vi: '' }), details);
  }
}
