import { codedErrors, KysoError, reasonSuffix } from '@kyso/common';

export enum OrgErrorCode {
  FORBIDDEN = 'FORBIDDEN',
  ORGANISATION_REQUIRED = 'ORGANISATION_REQUIRED',
  ORGANISATION_NOT_FOUND = 'ORGANISATION_NOT_FOUND',
  ORGANISATION_CODE_EXISTS = 'ORGANISATION_CODE_EXISTS',
  UNIT_NOT_FOUND = 'UNIT_NOT_FOUND',
  UNIT_ABBREVIATION_EXISTS = 'UNIT_ABBREVIATION_EXISTS',
  USER_NOT_FOUND = 'USER_NOT_FOUND',
  USERNAME_EXISTS = 'USERNAME_EXISTS',
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  INVALID_INPUT = 'INVALID_INPUT',
}

const ERRORS = codedErrors<OrgErrorCode>({
  FORBIDDEN: {
    kind: 'forbidden',
    en: 'You are not allowed to do this',
    vi: 'Bạn không có quyền thực hiện thao tác này',
  },
  ORGANISATION_REQUIRED: {
    kind: 'invalid-input',
    en: 'Name the organisation this applies to',
    vi: 'Cần chỉ rõ cơ quan, tổ chức áp dụng',
  },
  ORGANISATION_NOT_FOUND: {
    kind: 'not-found',
    en: 'Organisation not found',
    vi: 'Không tìm thấy cơ quan, tổ chức',
  },
  ORGANISATION_CODE_EXISTS: {
    kind: 'conflict',
    en: 'Another organisation already has this identification code',
    vi: 'Mã định danh đã được dùng cho cơ quan, tổ chức khác',
  },
  UNIT_NOT_FOUND: { kind: 'not-found', en: 'Unit not found', vi: 'Không tìm thấy đơn vị' },
  UNIT_ABBREVIATION_EXISTS: {
    kind: 'conflict',
    en: 'Another unit of this organisation already uses this abbreviation',
    vi: 'Chữ viết tắt đã được dùng cho đơn vị khác trong cơ quan',
  },
  USER_NOT_FOUND: { kind: 'not-found', en: 'User not found', vi: 'Không tìm thấy người dùng' },
  USERNAME_EXISTS: { kind: 'conflict', en: 'This user name is taken', vi: 'Tên đăng nhập đã tồn tại' },
  INVALID_CREDENTIALS: {
    kind: 'unauthenticated',
    en: 'Wrong user name or password',
    vi: 'Tên đăng nhập hoặc mật khẩu không đúng',
  },
  INVALID_INPUT: { kind: 'invalid-input', en: 'Invalid input', vi: 'Dữ liệu không hợp lệ' },
});

/** Failures of organisations, units, users and access checks, with a Vietnamese and an English message. */
export class OrgError extends KysoError {
  constructor(code: OrgErrorCode, details?: Record<string, unknown>) {
    super(code, ...ERRORS.describe(code, reasonSuffix(details)), details);
  }
}
