import { type ErrorKind, KysoError } from '@kyso/common';

export enum SigningErrorCode {
  UNKNOWN_SIGNER_KIND = 'UNKNOWN_SIGNER_KIND',
  PKCS12_INVALID = 'PKCS12_INVALID',
  PKCS12_PASSWORD = 'PKCS12_PASSWORD',
  CERTIFICATE_EXPIRED = 'CERTIFICATE_EXPIRED',
  CERTIFICATE_NOT_YET_VALID = 'CERTIFICATE_NOT_YET_VALID',
  CERTIFICATE_REVOKED = 'CERTIFICATE_REVOKED',
  CERTIFICATE_KEY_USAGE = 'CERTIFICATE_KEY_USAGE',
  REVOCATION_UNKNOWN = 'REVOCATION_UNKNOWN',
  KEY_CERTIFICATE_MISMATCH = 'KEY_CERTIFICATE_MISMATCH',
  PDF_ALREADY_CERTIFIED = 'PDF_ALREADY_CERTIFIED',
  PDF_NOT_SIGNED = 'PDF_NOT_SIGNED',
  TSA_REQUIRED = 'TSA_REQUIRED',
  SIGNATURE_INVALID = 'SIGNATURE_INVALID',
  SESSION_STATE = 'SESSION_STATE',
  DOCUMENT_CHANGED = 'DOCUMENT_CHANGED',
}

const META: Record<SigningErrorCode, [ErrorKind, string]> = {
  UNKNOWN_SIGNER_KIND: ['invalid-input', 'Loại khoá ký không được hỗ trợ'],
  PKCS12_INVALID: ['invalid-input', 'Tệp PKCS#12 không hợp lệ'],
  PKCS12_PASSWORD: ['invalid-input', 'Sai mật khẩu tệp PKCS#12'],
  CERTIFICATE_EXPIRED: ['failed', 'Chứng thư số đã hết hạn'],
  CERTIFICATE_NOT_YET_VALID: ['failed', 'Chứng thư số chưa đến thời hạn sử dụng'],
  CERTIFICATE_REVOKED: ['failed', 'Chứng thư số đã bị thu hồi'],
  CERTIFICATE_KEY_USAGE: ['failed', 'Chứng thư số không được phép dùng để ký'],
  REVOCATION_UNKNOWN: ['unavailable', 'Không kiểm tra được trạng thái thu hồi của chứng thư số (OCSP/CRL)'],
  KEY_CERTIFICATE_MISMATCH: ['invalid-input', 'Khoá ký không khớp với chứng thư số'],
  PDF_ALREADY_CERTIFIED: ['conflict', 'Văn bản đã có chữ ký chứng nhận (DocMDP)'],
  PDF_NOT_SIGNED: ['invalid-input', 'Văn bản chưa có chữ ký số'],
  TSA_REQUIRED: ['invalid-input', 'Cần địa chỉ máy chủ dấu thời gian (TSA) cho mức ký này'],
  SIGNATURE_INVALID: ['failed', 'Chữ ký trả về không hợp lệ'],
  SESSION_STATE: ['conflict', 'Phiên ký không ở trạng thái phù hợp'],
  DOCUMENT_CHANGED: ['conflict', 'Văn bản đã thay đổi sau khi chuẩn bị ký'],
};

export class SigningError extends KysoError {
  constructor(
    code: SigningErrorCode,
    message: string,
    details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(code, META[code][0], message, META[code][1], details, options);
  }
}
