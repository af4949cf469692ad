import { codedErrors, KysoError } from '@kyso/common';

/** Stable codes of every failure libs/cms reports; callers branch on these, never on messages. */
export enum CmsErrorCode {
  Malformed = 'MALFORMED',
  UnsupportedAlgorithm = 'UNSUPPORTED_ALGORITHM',
  LimitExceeded = 'LIMIT_EXCEEDED',
  InvalidArgument = 'INVALID_ARGUMENT',
  SignerNotFound = 'SIGNER_NOT_FOUND',
  NoUrl = 'NO_URL',
  Offline = 'OFFLINE',
  TsaUnavailable = 'TSA_UNAVAILABLE',
  TsaBadResponse = 'TSA_BAD_RESPONSE',
  TsaRejected = 'TSA_REJECTED',
  TsaMismatch = 'TSA_MISMATCH',
  TsaInvalidToken = 'TSA_INVALID_TOKEN',
  OcspUnavailable = 'OCSP_UNAVAILABLE',
  OcspBadResponse = 'OCSP_BAD_RESPONSE',
  OcspRejected = 'OCSP_REJECTED',
  OcspMismatch = 'OCSP_MISMATCH',
  OcspInvalidSignature = 'OCSP_INVALID_SIGNATURE',
  OcspUnauthorizedResponder = 'OCSP_UNAUTHORIZED_RESPONDER',
  CrlUnavailable = 'CRL_UNAVAILABLE',
  CrlBadResponse = 'CRL_BAD_RESPONSE',
  CrlMismatch = 'CRL_MISMATCH',
  CrlInvalidSignature = 'CRL_INVALID_SIGNATURE',
  CaIssuersUnavailable = 'CA_ISSUERS_UNAVAILABLE',
  CaIssuersBadResponse = 'CA_ISSUERS_BAD_RESPONSE',
}

const ERRORS = codedErrors<CmsErrorCode>({
  [CmsErrorCode.Malformed]: {
    kind: 'invalid-input',
    en: 'Malformed ASN.1/CMS data',
    vi: 'Dữ liệu ASN.1/CMS không đúng cấu trúc',
  },
  [CmsErrorCode.UnsupportedAlgorithm]: {
    kind: 'invalid-input',
    en: 'Unsupported algorithm',
    vi: 'Thuật toán không được hỗ trợ',
  },
  [CmsErrorCode.LimitExceeded]: {
    kind: 'too-large',
    en: 'Input exceeds a safety limit',
    vi: 'Dữ liệu vượt quá giới hạn an toàn',
  },
  [CmsErrorCode.InvalidArgument]: {
    kind: 'invalid-input',
    en: 'Invalid argument',
    vi: 'Tham số không hợp lệ',
  },
  [CmsErrorCode.SignerNotFound]: {
    kind: 'not-found',
    en: 'Signer or signer certificate not found',
    vi: 'Không tìm thấy người ký hoặc chứng thư số của người ký',
  },
  [CmsErrorCode.NoUrl]: {
    kind: 'not-found',
    en: 'The certificate names no usable URL for this service',
    vi: 'Chứng thư số không có địa chỉ dịch vụ phù hợp',
  },
  [CmsErrorCode.Offline]: {
    kind: 'unavailable',
    en: 'Network access is disabled (offline mode)',
    vi: 'Đang ở chế độ ngoại tuyến, không được truy cập mạng',
  },
  [CmsErrorCode.TsaUnavailable]: {
    kind: 'unavailable',
    en: 'Time-stamping service unavailable',
    vi: 'Không kết nối được dịch vụ cấp dấu thời gian',
  },
  [CmsErrorCode.TsaBadResponse]: {
    kind: 'unavailable',
    en: 'Time-stamping service sent an invalid response',
    vi: 'Dịch vụ cấp dấu thời gian trả về phản hồi không hợp lệ',
  },
  [CmsErrorCode.TsaRejected]: {
    kind: 'failed',
    en: 'Time-stamping service rejected the request',
    vi: 'Dịch vụ cấp dấu thời gian từ chối yêu cầu',
  },
  [CmsErrorCode.TsaMismatch]: {
    kind: 'failed',
    en: 'Time-stamp token does not match the request',
    vi: 'Dấu thời gian không khớp với yêu cầu',
  },
  [CmsErrorCode.TsaInvalidToken]: {
    kind: 'failed',
    en: 'Time-stamp token failed verification',
    vi: 'Dấu thời gian không hợp lệ',
  },
  [CmsErrorCode.OcspUnavailable]: {
    kind: 'unavailable',
    en: 'OCSP responder unavailable',
    vi: 'Không kết nối được dịch vụ OCSP',
  },
  [CmsErrorCode.OcspBadResponse]: {
    kind: 'unavailable',
    en: 'OCSP responder sent an invalid response',
    vi: 'Dịch vụ OCSP trả về phản hồi không hợp lệ',
  },
  [CmsErrorCode.OcspRejected]: {
    kind: 'failed',
    en: 'OCSP responder refused the request',
    vi: 'Dịch vụ OCSP từ chối yêu cầu',
  },
  [CmsErrorCode.OcspMismatch]: {
    kind: 'failed',
    en: 'OCSP response does not match the request',
    vi: 'Phản hồi OCSP không khớp với yêu cầu',
  },
  [CmsErrorCode.OcspInvalidSignature]: {
    kind: 'failed',
    en: 'OCSP response signature is invalid',
    vi: 'Chữ ký trên phản hồi OCSP không hợp lệ',
  },
  [CmsErrorCode.OcspUnauthorizedResponder]: {
    kind: 'failed',
    en: 'OCSP response was signed by an unauthorised responder',
    vi: 'Phản hồi OCSP được ký bởi đơn vị không có thẩm quyền',
  },
  [CmsErrorCode.CrlUnavailable]: {
    kind: 'unavailable',
    en: 'CRL download failed',
    vi: 'Không tải được danh sách chứng thư bị thu hồi (CRL)',
  },
  [CmsErrorCode.CrlBadResponse]: {
    kind: 'unavailable',
    en: 'Downloaded CRL is invalid',
    vi: 'Danh sách chứng thư bị thu hồi (CRL) không hợp lệ',
  },
  [CmsErrorCode.CrlMismatch]: {
    kind: 'failed',
    en: 'CRL was not issued by the certificate issuer',
    vi: 'CRL không do tổ chức cấp chứng thư phát hành',
  },
  [CmsErrorCode.CrlInvalidSignature]: {
    kind: 'failed',
    en: 'CRL signature is invalid',
    vi: 'Chữ ký trên CRL không hợp lệ',
  },
  [CmsErrorCode.CaIssuersUnavailable]: {
    kind: 'unavailable',
    en: 'Issuer certificate download failed',
    vi: 'Không tải được chứng thư số của tổ chức cấp',
  },
  [CmsErrorCode.CaIssuersBadResponse]: {
    kind: 'unavailable',
    en: 'Downloaded issuer certificate is invalid',
    vi: 'Chứng thư số của tổ chức cấp tải về không hợp lệ',
  },
});

export interface CmsErrorDetails {
  /** Technical detail in English (ASN.1 path, HTTP status, ...); appended to both messages. */
  readonly detail?: string;
  /** The service URL involved, shown to the user so an operator can act on it. */
  readonly url?: string;
  readonly [key: string]: unknown;
}

/** The one error type of libs/cms: a stable code, English and Vietnamese messages, optional details. */
export class CmsError extends KysoError {
  declare readonly code: CmsErrorCode;
  declare readonly details: CmsErrorDetails | undefined;

  constructor(code: CmsErrorCode, details?: CmsErrorDetails | string, options?: { cause?: unknown }) {
    const d: CmsErrorDetails | undefined = typeof details === 'string' ? { detail: details } : details;
    const suffix = (d?.url ? ` (${d.url})` : '') + (d?.detail ? `: ${d.detail}` : '');
    super(code, ...ERRORS.describe(code, { en: suffix }), d, options);
  }

  static is(err: unknown, code?: CmsErrorCode): err is CmsError {
    return err instanceof CmsError && (code === undefined || err.code === code);
  }
}

/** Shorthand for the most common failure: structure that does not parse. */
export function malformed(detail: string, cause?: unknown): CmsError {
  return new CmsError(CmsErrorCode.Malformed, detail, { cause });
}
