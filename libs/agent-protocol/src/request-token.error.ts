import { codedErrors, KysoError } from '@kyso/common';

export enum RequestTokenErrorCode {
  /** Not three base64url parts, bad JSON, or a claim missing or of the wrong type. */
  MALFORMED = 'MALFORMED',
  /** `alg` is not ES256 (includes `none` and HMAC algorithms), or `typ` is not kyso-sign+jwt. */
  UNSUPPORTED_ALGORITHM = 'UNSUPPORTED_ALGORITHM',
  /** No pinned key with this `kid` for the request's origin: not paired, or the server key changed. */
  UNKNOWN_KEY = 'UNKNOWN_KEY',
  BAD_SIGNATURE = 'BAD_SIGNATURE',
  EXPIRED = 'EXPIRED',
  /** `iat` lies in the future beyond the tolerance: one of the two clocks is wrong. */
  NOT_YET_VALID = 'NOT_YET_VALID',
  /** `exp - iat` exceeds five minutes: the server should never mint such a token. */
  LIFETIME_TOO_LONG = 'LIFETIME_TOO_LONG',
  WRONG_AUDIENCE = 'WRONG_AUDIENCE',
  /** `iss` differs from the Origin the browser reported: a token lifted from one site, replayed on another. */
  WRONG_ISSUER = 'WRONG_ISSUER',
}

/** Every refusal of a request token is the agent saying no: kind forbidden. */
const ERRORS = codedErrors<RequestTokenErrorCode>({
  MALFORMED: {
    kind: 'forbidden',
    en: 'The signing request token is malformed',
    vi: 'Yêu cầu ký không hợp lệ: mã xác thực của yêu cầu bị hỏng.',
  },
  UNSUPPORTED_ALGORITHM: {
    kind: 'forbidden',
    en: 'The signing request token uses an algorithm or type the agent does not accept (only ES256 kyso-sign+jwt)',
    vi: 'Yêu cầu ký không phải do hệ thống kyso phát hành.',
  },
  UNKNOWN_KEY: {
    kind: 'forbidden',
    en: 'No paired kyso server key matches this request; pair the agent with the server again',
    vi: 'Máy tính này chưa được ghép nối với máy chủ kyso này, hoặc khoá của máy chủ đã thay đổi. Hãy chạy lại lệnh ghép nối: kyso-token-agent pair.',
  },
  BAD_SIGNATURE: {
    kind: 'forbidden',
    en: 'The signing request token is not signed by the paired kyso server',
    vi: 'Yêu cầu ký không phải do hệ thống kyso phát hành (chữ ký của máy chủ không hợp lệ).',
  },
  EXPIRED: {
    kind: 'forbidden',
    en: 'The signing request has expired; start the signature again',
    vi: 'Yêu cầu ký đã hết hạn. Hãy bấm Ký lại để tạo yêu cầu mới.',
  },
  NOT_YET_VALID: {
    kind: 'forbidden',
    en: 'The signing request is dated in the future; check the clock of this computer',
    vi: 'Yêu cầu ký có thời điểm phát hành trong tương lai. Hãy kiểm tra đồng hồ của máy tính.',
  },
  LIFETIME_TOO_LONG: {
    kind: 'forbidden',
    en: 'The signing request is valid for more than five minutes, which the agent refuses',
    vi: 'Yêu cầu ký có thời hạn quá dài (quá 5 phút) nên bị từ chối.',
  },
  WRONG_AUDIENCE: {
    kind: 'forbidden',
    en: 'The token was not issued for the token agent',
    vi: 'Yêu cầu ký không dành cho phần mềm ký số trên máy tính này.',
  },
  WRONG_ISSUER: {
    kind: 'forbidden',
    en: 'The signing request was issued by a different site than the page that sent it',
    vi: 'Yêu cầu ký không đến từ trang kyso đã phát hành nó.',
  },
});

/**
 * A request token the agent must refuse. `detail` (English, for logs) says what exactly was wrong; it
 * never contains the token itself, which is a bearer credential for one signature.
 */
export class RequestTokenError extends KysoError {
  declare readonly code: RequestTokenErrorCode;

  constructor(
    code: RequestTokenErrorCode,
    readonly detail?: string,
  ) {
    super(code, ...ERRORS.describe(code, { en: detail ? `: ${detail}` : undefined, vi: '' }));
  }
}
