import { codedErrors, KysoError, reasonSuffix } from '@kyso/common';

export enum LineageErrorCode {
  FORBIDDEN = 'LINEAGE_FORBIDDEN',
  INVALID_EVENT = 'LINEAGE_INVALID_EVENT',
  ORGANISATION_NOT_FOUND = 'LINEAGE_ORGANISATION_NOT_FOUND',
  ORGANISATION_DISSOLVED = 'LINEAGE_ORGANISATION_DISSOLVED',
  ORGANISATION_NOT_LIVE = 'LINEAGE_ORGANISATION_NOT_LIVE',
  CYCLE = 'LINEAGE_CYCLE',
  OVERLAPPING_VALIDITY = 'LINEAGE_OVERLAPPING_VALIDITY',
  CODE_TAKEN = 'LINEAGE_CODE_TAKEN',
  EVENT_NOT_FOUND = 'LINEAGE_EVENT_NOT_FOUND',
  EVENT_NOT_PENDING = 'LINEAGE_EVENT_NOT_PENDING',
  NOT_YET_EFFECTIVE = 'LINEAGE_NOT_YET_EFFECTIVE',
  PLAN_CHANGED = 'LINEAGE_PLAN_CHANGED',
  MAPPING_INCOMPLETE = 'LINEAGE_MAPPING_INCOMPLETE',
  UNIT_NOT_FOUND = 'LINEAGE_UNIT_NOT_FOUND',
  EXPORT_INVALID = 'LINEAGE_EXPORT_INVALID',
  APPLY_AT_TOO_EARLY = 'LINEAGE_APPLY_AT_TOO_EARLY',
}

const ERRORS = codedErrors<LineageErrorCode>({
  LINEAGE_EXPORT_INVALID: {
    kind: 'invalid-input',
    en: 'Not a kyso lineage export',
    vi: 'Tệp không phải bản xuất dữ liệu kế thừa tổ chức của kyso',
  },
  LINEAGE_FORBIDDEN: {
    kind: 'forbidden',
    en: 'Only the system administrator records and applies reorganisations',
    vi: 'Chỉ quản trị hệ thống được ghi nhận và thực hiện sắp xếp tổ chức',
  },
  LINEAGE_INVALID_EVENT: {
    kind: 'invalid-input',
    en: 'Invalid reorganisation event',
    vi: 'Sự kiện sắp xếp tổ chức không hợp lệ',
  },
  LINEAGE_ORGANISATION_NOT_FOUND: {
    kind: 'not-found',
    en: 'Organisation not found',
    vi: 'Không tìm thấy cơ quan, tổ chức',
  },
  LINEAGE_ORGANISATION_DISSOLVED: {
    kind: 'conflict',
    en: 'The organisation has already ceased to exist: no further event can concern it',
    vi: 'Cơ quan, tổ chức đã chấm dứt hoạt động: không thể ghi nhận thêm sự kiện',
  },
  LINEAGE_ORGANISATION_NOT_LIVE: {
    kind: 'conflict',
    en: 'The organisation does not exist on the effective date',
    vi: 'Cơ quan, tổ chức không tồn tại vào ngày có hiệu lực',
  },
  LINEAGE_CYCLE: {
    kind: 'conflict',
    en: 'The event would make an organisation its own predecessor',
    vi: 'Sự kiện làm cho một cơ quan trở thành tiền thân của chính nó',
  },
  LINEAGE_OVERLAPPING_VALIDITY: {
    kind: 'conflict',
    en: 'The event overlaps another period of validity of this organisation',
    vi: 'Sự kiện chồng lấn thời gian hiệu lực khác của cơ quan',
  },
  LINEAGE_CODE_TAKEN: {
    kind: 'conflict',
    en: 'Another organisation holds this identification code in that period',
    vi: 'Mã định danh đã được cơ quan khác sử dụng trong thời gian này',
  },
  LINEAGE_EVENT_NOT_FOUND: {
    kind: 'not-found',
    en: 'Reorganisation event not found',
    vi: 'Không tìm thấy sự kiện sắp xếp tổ chức',
  },
  LINEAGE_EVENT_NOT_PENDING: {
    kind: 'conflict',
    en: 'The reorganisation event was already applied or cancelled',
    vi: 'Sự kiện sắp xếp tổ chức đã được thực hiện hoặc đã hủy',
  },
  LINEAGE_NOT_YET_EFFECTIVE: {
    kind: 'conflict',
    en: 'The reorganisation is not effective yet',
    vi: 'Sự kiện sắp xếp tổ chức chưa đến ngày có hiệu lực',
  },
  LINEAGE_PLAN_CHANGED: {
    kind: 'conflict',
    en: 'The work to transfer changed since the dry run: review the new report and confirm again',
    vi: 'Công việc cần chuyển giao đã thay đổi từ lần chạy thử: xem lại báo cáo mới và xác nhận lại',
  },
  LINEAGE_MAPPING_INCOMPLETE: {
    kind: 'invalid-input',
    en: 'Some units with open work or users are not mapped to a successor unit',
    vi: 'Còn đơn vị có việc đang xử lý hoặc người dùng chưa được ánh xạ sang đơn vị kế thừa',
  },
  LINEAGE_UNIT_NOT_FOUND: { kind: 'not-found', en: 'Unit not found', vi: 'Không tìm thấy đơn vị' },
  LINEAGE_APPLY_AT_TOO_EARLY: {
    kind: 'invalid-input',
    en: 'A reorganisation cannot be applied before its effective instant (00:00 Vietnam time on the effective date)',
    vi: 'Không thể thực hiện sắp xếp tổ chức trước thời điểm có hiệu lực (00:00 giờ Việt Nam ngày có hiệu lực)',
  },
});

/** Failures of recording, querying and applying reorganisations, with a Vietnamese and an English message. */
export class LineageError extends KysoError {
  constructor(code: LineageErrorCode, details?: Record<string, unknown>) {
    super(code, ...ERRORS.describe(code, reasonSuffix(details)), details);
  }
}
