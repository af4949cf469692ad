import type { ErrorKind } from '@kyso/common';

/** Every failure of the PDF layer carries one of these codes; transports map them to HTTP / exit codes. */
export enum PdfErrorCode {
  NOT_PDF = 'NOT_PDF',
  TRUNCATED = 'TRUNCATED',
  SYNTAX = 'SYNTAX',
  NESTING_TOO_DEEP = 'NESTING_TOO_DEEP',
  NUMBER_OUT_OF_RANGE = 'NUMBER_OUT_OF_RANGE',
  OBJECT_TOO_LARGE = 'OBJECT_TOO_LARGE',
  STREAM_UNTERMINATED = 'STREAM_UNTERMINATED',
  UNSUPPORTED_FILTER = 'UNSUPPORTED_FILTER',
  DECODE_FAILED = 'DECODE_FAILED',
  STARTXREF_NOT_FOUND = 'STARTXREF_NOT_FOUND',
  XREF_INVALID = 'XREF_INVALID',
  XREF_OFFSET_OUT_OF_RANGE = 'XREF_OFFSET_OUT_OF_RANGE',
  XREF_PREV_LOOP = 'XREF_PREV_LOOP',
  OBJECT_NOT_FOUND = 'OBJECT_NOT_FOUND',
  REFERENCE_CYCLE = 'REFERENCE_CYCLE',
  ENCRYPTED = 'ENCRYPTED',
  INVALID_STRUCTURE = 'INVALID_STRUCTURE',
  PAGE_NOT_FOUND = 'PAGE_NOT_FOUND',
  FIELD_EXISTS = 'FIELD_EXISTS',
  DOCMDP_FORBIDS_CHANGES = 'DOCMDP_FORBIDS_CHANGES',
  DOCMDP_NOT_FIRST = 'DOCMDP_NOT_FIRST',
  INVALID_ARGUMENT = 'INVALID_ARGUMENT',
  BYTE_RANGE_INVALID = 'BYTE_RANGE_INVALID',
  CONTENTS_TOO_SMALL = 'CONTENTS_TOO_SMALL',
  SOURCE_CHANGED = 'SOURCE_CHANGED',
  IO = 'IO',
  IMAGE_INVALID = 'IMAGE_INVALID',
  FONT_INVALID = 'FONT_INVALID',
}

/**
 * What kind of failure each code is, so the API and the CLI map it to a status and an exit code. Damage inside a
 * document (a missing object, a loop, a bad stream) is the document's fault: invalid input, never "not found".
 */
const KIND: Record<PdfErrorCode, ErrorKind> = {
  NOT_PDF: 'invalid-input',
  TRUNCATED: 'invalid-input',
  SYNTAX: 'invalid-input',
  NESTING_TOO_DEEP: 'invalid-input',
  NUMBER_OUT_OF_RANGE: 'invalid-input',
  OBJECT_TOO_LARGE: 'invalid-input',
  STREAM_UNTERMINATED: 'invalid-input',
  UNSUPPORTED_FILTER: 'invalid-input',
  DECODE_FAILED: 'invalid-input',
  STARTXREF_NOT_FOUND: 'invalid-input',
  XREF_INVALID: 'invalid-input',
  XREF_OFFSET_OUT_OF_RANGE: 'invalid-input',
  XREF_PREV_LOOP: 'invalid-input',
  OBJECT_NOT_FOUND: 'invalid-input',
  REFERENCE_CYCLE: 'invalid-input',
  ENCRYPTED: 'invalid-input',
  INVALID_STRUCTURE: 'invalid-input',
  PAGE_NOT_FOUND: 'invalid-input',
  FIELD_EXISTS: 'conflict',
  DOCMDP_FORBIDS_CHANGES: 'conflict',
  DOCMDP_NOT_FIRST: 'conflict',
  INVALID_ARGUMENT: 'invalid-input',
  BYTE_RANGE_INVALID: 'invalid-input',
  CONTENTS_TOO_SMALL: 'failed',
  SOURCE_CHANGED: 'conflict',
  IO: 'invalid-input',
  IMAGE_INVALID: 'invalid-input',
  FONT_INVALID: 'invalid-input',
};

const MESSAGES: Record<PdfErrorCode, { en: string; vi: string }> = {
  NOT_PDF: { en: 'The file is not a PDF document', vi: 'Tệp không phải là tài liệu PDF' },
  TRUNCATED: { en: 'The PDF file is truncated', vi: 'Tệp PDF bị cắt cụt (không đầy đủ)' },
  SYNTAX: { en: 'PDF syntax error', vi: 'Lỗi cú pháp PDF' },
  NESTING_TOO_DEEP: {
    en: 'PDF objects are nested too deeply',
    vi: 'Các đối tượng PDF lồng nhau quá sâu',
  },
  NUMBER_OUT_OF_RANGE: {
    en: 'A number in the PDF is out of range',
    vi: 'Một số trong tệp PDF vượt giới hạn',
  },
  OBJECT_TOO_LARGE: { en: 'A PDF object is too large', vi: 'Một đối tượng PDF quá lớn' },
  STREAM_UNTERMINATED: { en: 'A PDF stream has no end', vi: 'Một luồng dữ liệu PDF không có điểm kết thúc' },
  UNSUPPORTED_FILTER: { en: 'Unsupported PDF stream filter', vi: 'Bộ lọc luồng PDF không được hỗ trợ' },
  DECODE_FAILED: { en: 'A PDF stream could not be decoded', vi: 'Không giải mã được luồng dữ liệu PDF' },
  STARTXREF_NOT_FOUND: {
    en: 'The PDF has no startxref (file damaged or truncated)',
    vi: 'Tệp PDF không có startxref (tệp hỏng hoặc bị cắt cụt)',
  },
  XREF_INVALID: {
    en: 'The PDF cross-reference data is invalid',
    vi: 'Bảng tham chiếu chéo của PDF không hợp lệ',
  },
  XREF_OFFSET_OUT_OF_RANGE: {
    en: 'A PDF cross-reference offset points outside the file',
    vi: 'Vị trí trong bảng tham chiếu chéo nằm ngoài tệp PDF',
  },
  XREF_PREV_LOOP: {
    en: 'The PDF cross-reference chain (/Prev) loops',
    vi: 'Chuỗi bảng tham chiếu chéo (/Prev) của PDF bị lặp vòng',
  },
  OBJECT_NOT_FOUND: { en: 'A PDF object could not be found', vi: 'Không tìm thấy đối tượng PDF' },
  REFERENCE_CYCLE: {
    en: 'PDF object references form a cycle',
    vi: 'Các tham chiếu đối tượng PDF tạo thành vòng lặp',
  },
  ENCRYPTED: {
    en: 'The PDF is encrypted; remove the password protection before signing or validating',
    vi: 'Tệp PDF đã được mã hóa; hãy gỡ bỏ mật khẩu bảo vệ trước khi ký hoặc kiểm tra',
  },
  INVALID_STRUCTURE: {
    en: 'The PDF document structure is invalid',
    vi: 'Cấu trúc tài liệu PDF không hợp lệ',
  },
  PAGE_NOT_FOUND: { en: 'The requested page does not exist', vi: 'Trang được yêu cầu không tồn tại' },
  FIELD_EXISTS: { en: 'A form field with this name already exists', vi: 'Đã có trường biểu mẫu với tên này' },
  DOCMDP_FORBIDS_CHANGES: {
    en: 'The document is certified with no changes allowed',
    vi: 'Tài liệu đã được chứng thực và không cho phép thay đổi',
  },
  DOCMDP_NOT_FIRST: {
    en: 'A certification (DocMDP) signature must be the first signature',
    vi: 'Chữ ký chứng thực (DocMDP) phải là chữ ký đầu tiên',
  },
  INVALID_ARGUMENT: { en: 'Invalid argument', vi: 'Tham số không hợp lệ' },
  BYTE_RANGE_INVALID: { en: 'The signature byte range is invalid', vi: 'Vùng byte của chữ ký không hợp lệ' },
  CONTENTS_TOO_SMALL: {
    en: 'The space reserved for the signature is too small',
    vi: 'Vùng dành sẵn cho chữ ký quá nhỏ',
  },
  SOURCE_CHANGED: {
    en: 'The source file changed while it was being processed',
    vi: 'Tệp nguồn đã bị thay đổi trong khi đang xử lý',
  },
  IO: { en: 'The PDF file could not be read or written', vi: 'Không đọc hoặc ghi được tệp PDF' },
  IMAGE_INVALID: { en: 'The image is not a valid PNG', vi: 'Ảnh không phải là tệp PNG hợp lệ' },
  FONT_INVALID: { en: 'The font could not be used', vi: 'Không sử dụng được phông chữ' },
};

export interface PdfErrorOptions {
  /** Extra technical detail appended to both messages (offsets, object numbers...). */
  detail?: string;
  /** Byte offset in the file the error relates to, when known. */
  offset?: number;
  cause?: unknown;
}

/** The PDF layer's exception: a code, an English `message` and a Vietnamese `messageVi`. */
export class PdfError extends Error {
  readonly code: PdfErrorCode;
  readonly kind: ErrorKind;
  readonly messageVi: string;
  readonly detail?: string;
  readonly offset?: number;

  constructor(code: PdfErrorCode, options: PdfErrorOptions = {}) {
    const base = MESSAGES[code];
    const suffix = options.detail ? `: ${options.detail}` : '';
    super(`${base.en}${suffix}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PdfError';
    this.code = code;
    this.kind = KIND[code];
    this.messageVi = `${base.vi}${suffix}`;
    this.detail = options.detail;
    this.offset = options.offset;
  }
}

export function isPdfError(error: unknown, code?: PdfErrorCode): error is PdfError {
  return error instanceof PdfError && (code === undefined || error.code === code);
}
