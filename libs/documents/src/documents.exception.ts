import { codedErrors, KysoError, reasonSuffix } from '@kyso/common';

export enum DocumentsErrorCode {
  DOCUMENT_NOT_FOUND = 'DOCUMENT_NOT_FOUND',
  REGISTER_NOT_FOUND = 'REGISTER_NOT_FOUND',
  REGISTER_EXISTS = 'REGISTER_EXISTS',
  REGISTER_KIND_MISMATCH = 'REGISTER_KIND_MISMATCH',
  REGISTER_CLOSED = 'REGISTER_CLOSED',
  DOCUMENT_TYPE_NOT_FOUND = 'DOCUMENT_TYPE_NOT_FOUND',
  INVALID_STATE = 'INVALID_STATE',
  INCOMING_DUPLICATE = 'INCOMING_DUPLICATE',
  NUMBER_SYMBOL_TAKEN = 'NUMBER_SYMBOL_TAKEN',
  NOT_PDF = 'NOT_PDF',
  FILE_REQUIRED = 'FILE_REQUIRED',
  FILE_NOT_FOUND = 'FILE_NOT_FOUND',
  ASSIGNMENT_NOT_FOUND = 'ASSIGNMENT_NOT_FOUND',
  NOT_ASSIGNEE = 'NOT_ASSIGNEE',
  NO_LEAD = 'NO_LEAD',
  RECIPIENT_INVALID = 'RECIPIENT_INVALID',
  RECIPIENT_CODE_UNKNOWN = 'RECIPIENT_CODE_UNKNOWN',
  DOWNLOAD_LINK_INVALID = 'DOWNLOAD_LINK_INVALID',
  RELATED_DOCUMENT_INVALID = 'RELATED_DOCUMENT_INVALID',
  INVALID_INPUT = 'INVALID_INPUT',
  FORBIDDEN = 'FORBIDDEN',
}

const ERRORS = codedErrors<DocumentsErrorCode>({
  DOCUMENT_NOT_FOUND: { kind: 'not-found', en: 'Document not found', vi: 'Không tìm thấy văn bản' },
  REGISTER_NOT_FOUND: { kind: 'not-found', en: 'Register not found', vi: 'Không tìm thấy sổ văn bản' },
  REGISTER_EXISTS: {
    kind: 'conflict',
    en: 'A register of this kind and series already exists for that year',
    vi: 'Sổ văn bản cùng loại và dãy số của năm này đã tồn tại',
  },
  REGISTER_KIND_MISMATCH: {
    kind: 'invalid-input',
    en: 'This register does not hold documents of this kind',
    vi: 'Sổ này không dùng cho loại văn bản này (đến/đi)',
  },
  REGISTER_CLOSED: {
    kind: 'conflict',
    en: "This register is closed (its organisation was merged, split or renamed); number the document in the successor organisation's register",
    vi: 'Sổ văn bản này đã khóa sổ (cơ quan đã sáp nhập, chia tách hoặc đổi tên); hãy vào số trong sổ của cơ quan kế thừa',
  },
  DOCUMENT_TYPE_NOT_FOUND: {
    kind: 'invalid-input',
    en: 'Unknown document type',
    vi: 'Loại văn bản không tồn tại',
  },
  INVALID_STATE: {
    kind: 'conflict',
    en: 'The document is not in a state that allows this',
    vi: 'Trạng thái hiện tại của văn bản không cho phép thao tác này',
  },
  INCOMING_DUPLICATE: {
    kind: 'conflict',
    en: 'A document with the same sender, number and symbol was already registered this year; confirm to register it again',
    vi: 'Văn bản cùng cơ quan gửi, số và ký hiệu đã được vào sổ trong năm; cần xác nhận nếu vẫn muốn vào sổ',
  },
  NUMBER_SYMBOL_TAKEN: {
    kind: 'conflict',
    en: 'This number and symbol are already used this year by another register; check the registers’ series',
    vi: 'Số và ký hiệu này đã được dùng trong năm ở sổ khác; kiểm tra lại cách chia dãy số của các sổ',
  },
  NOT_PDF: {
    kind: 'invalid-input',
    en: 'The file is not a PDF document',
    vi: 'Tệp tải lên không phải là tệp PDF',
  },
  FILE_REQUIRED: { kind: 'invalid-input', en: 'A PDF file is required', vi: 'Cần tải lên tệp PDF' },
  FILE_NOT_FOUND: { kind: 'not-found', en: 'File version not found', vi: 'Không tìm thấy phiên bản tệp' },
  ASSIGNMENT_NOT_FOUND: {
    kind: 'not-found',
    en: 'Assignment not found',
    vi: 'Không tìm thấy phân công xử lý',
  },
  NOT_ASSIGNEE: {
    kind: 'forbidden',
    en: 'Only the assigned person or a member of the assigned unit may record progress',
    vi: 'Chỉ người hoặc đơn vị được phân công mới được cập nhật tiến độ',
  },
  NO_LEAD: {
    kind: 'invalid-input',
    en: 'An assignment needs exactly one lead unit or person',
    vi: 'Phân công phải có đúng một đơn vị hoặc cá nhân chủ trì',
  },
  RECIPIENT_INVALID: { kind: 'invalid-input', en: 'Invalid recipient', vi: 'Nơi nhận không hợp lệ' },
  RECIPIENT_CODE_UNKNOWN: {
    kind: 'invalid-input',
    en: 'No organisation on this system holds or held this identification code',
    vi: 'Không có cơ quan nào trên hệ thống mang hoặc từng mang mã định danh này',
  },
  DOWNLOAD_LINK_INVALID: {
    kind: 'not-found',
    en: 'The download link is invalid or has expired',
    vi: 'Đường dẫn tải văn bản không hợp lệ hoặc đã hết hạn',
  },
  RELATED_DOCUMENT_INVALID: {
    kind: 'invalid-input',
    en: 'The related document must be an issued outgoing document of this organisation',
    vi: 'Văn bản liên quan phải là văn bản đi đã ban hành của cơ quan',
  },
  INVALID_INPUT: { kind: 'invalid-input', en: 'Invalid input', vi: 'Dữ liệu không hợp lệ' },
  FORBIDDEN: {
    kind: 'forbidden',
    en: 'You are not allowed to do this',
    vi: 'Bạn không có quyền thực hiện thao tác này',
  },
});

/** Failures of the document registry and routing, each with a stable code and a Vietnamese and English message. */
export class DocumentsError extends KysoError {
  constructor(code: DocumentsErrorCode, details?: Record<string, unknown>) {
    super(code, ...ERRORS.describe(code, reasonSuffix(details)), details);
  }
}
