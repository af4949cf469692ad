import { type ErrorKind, KysoError } from '@kyso/common';

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

const META: Record<SigningSessionErrorCode, [ErrorKind, string, string]> = {
  SESSION_NOT_FOUND: ['not-found', 'signing session not found', 'Không tìm thấy phiên ký'],
  SESSION_EXPIRED: [
    'conflict',
    'the signing session expired; start again',
    'Phiên ký đã hết hạn, vui lòng ký lại',
  ],
  DOCUMENT_CHANGED: [
    'conflict',
    'the document changed after the signature was prepared; start again',
    'Văn bản đã thay đổi sau khi chuẩn bị ký, vui lòng ký lại',
  ],
  CERTIFICATE_NOT_REGISTERED: [
    'forbidden',
    'no signing certificate is registered for this user; ask the administrator',
    'Chưa đăng ký chứng thư số cho tài khoản này, vui lòng liên hệ quản trị viên',
  ],
  CERTIFICATE_NOT_THIS_USER: [
    'forbidden',
    'this certificate is not registered to you',
    'Chứng thư số này không thuộc tài khoản của bạn',
  ],
  CERTIFICATE_INVALID: [
    'invalid-input',
    'the certificate chain is not readable',
    'Chuỗi chứng thư số không hợp lệ',
  ],
  SIGNATURE_INVALID: [
    'invalid-input',
    'the signature does not verify with the certificate over the prepared data',
    'Chữ ký không khớp với chứng thư số và dữ liệu cần ký',
  ],
  NOTHING_TO_SIGN: ['conflict', 'the document has no PDF version to sign', 'Văn bản chưa có tệp PDF để ký'],
};

export class SigningSessionError extends KysoError {
  constructor(code: SigningSessionErrorCode, detail?: string, details?: Record<string, unknown>) {
    const [kind, en, vi] = META[code];
    super(code, kind, detail ? `${en}: ${detail}` : en, vi, details);
  }
}
