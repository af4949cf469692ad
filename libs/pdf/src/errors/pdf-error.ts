import { codedErrors, KysoError } from '@kyso/common';

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
 * Messages, and what kind of failure each code is, so the API and the CLI map it to a status and an exit code.
 * Damage inside a document (a missing object, a loop, a bad stream) is the document's fault: invalid input, never
 * "not found".
 */
const ERRORS = codedErrors<PdfErrorCode>({
  NOT_PDF: {
    kind: 'invalid-input',
    en: 'The file is not a PDF document',
    vi: 'Tệp không phải là tài liệu PDF',
  },
  TRUNCATED: {
    kind: 'invalid-input',
    en: 'The PDF file is truncated',
    vi: 'Tệp PDF bị cắt cụt (không đầy đủ)',
  },
  SYNTAX: {
    kind: 'invalid-input',
    en: 'PDF syntax error',
    vi: 'Lỗi cú pháp PDF',
  },
  NESTING_TOO_DEEP: {
    kind: 'invalid-input',
    en: 'PDF objects are nested too deeply',
    vi: 'Các đối tượng PDF lồng nhau quá sâu',
  },
  NUMBER_OUT_OF_RANGE: {
    kind: 'invalid-input',
    en: 'A number in the PDF is out of range',
    vi: 'Một số trong tệp PDF vượt giới hạn',
  },
  OBJECT_TOO_LARGE: {
    kind: 'invalid-input',
    en: 'A PDF object is too large',
    vi: 'Một đối tượng PDF quá lớn',
  },
  STREAM_UNTERMINATED: {
    kind: 'invalid-input',
    en: 'A PDF stream has no end',
    vi: 'Một luồng dữ liệu PDF không có điểm kết thúc',
  },
  UNSUPPORTED_FILTER: {
    kind: 'invalid-input',
    en: 'Unsupported PDF stream filter',
    vi: 'Bộ lọc luồng PDF không được hỗ trợ',
  },
  DECODE_FAILED: {
    kind: 'invalid-input',
    en: 'A PDF stream could not be decoded',
    vi: 'Không giải mã được luồng dữ liệu PDF',
  },
  STARTXREF_NOT_FOUND: {
    kind: 'invalid-input',
    en: 'The PDF has no startxref (file damaged or truncated)',
    vi: 'Tệp PDF không có startxref (tệp hỏng hoặc bị cắt cụt)',
  },
  XREF_INVALID: {
    kind: 'invalid-input',
    en: 'The PDF cross-reference data is invalid',
    vi: 'Bảng tham chiếu chéo của PDF không hợp lệ',
  },
  XREF_OFFSET_OUT_OF_RANGE: {
    kind: 'invalid-input',
    en: 'A PDF cross-reference offset points outside the file',
    vi: 'Vị trí trong bảng tham chiếu chéo nằm ngoài tệp PDF',
  },
  XREF_PREV_LOOP: {
    kind: 'invalid-input',
    en: 'The PDF cross-reference chain (/Prev) loops',
    vi: 'Chuỗi bảng tham chiếu chéo (/Prev) của PDF bị lặp vòng',
  },
  OBJECT_NOT_FOUND: {
    kind: 'invalid-input',
    en: 'A PDF object could not be found',
    vi: 'Không tìm thấy đối tượng PDF',
  },
  REFERENCE_CYCLE: {
    kind: 'invalid-input',
    en: 'PDF object references form a cycle',
    vi: 'Các tham chiếu đối tượng PDF tạo thành vòng lặp',
  },
  ENCRYPTED: {
    kind: 'invalid-input',
    en: 'The PDF is encrypted; remove the password protection before signing or validating',
    vi: 'Tệp PDF đã được mã hóa; hãy gỡ bỏ mật khẩu bảo vệ trước khi ký hoặc kiểm tra',
  },
  INVALID_STRUCTURE: {
    kind: 'invalid-input',
    en: 'The PDF document structure is invalid',
    vi: 'Cấu trúc tài liệu PDF không hợp lệ',
  },
  PAGE_NOT_FOUND: {
    kind: 'invalid-input',
    en: 'The requested page does not exist',
    vi: 'Trang được yêu cầu không tồn tại',
  },
  FIELD_EXISTS: {
    kind: 'conflict',
    en: 'A form field with this name already exists',
    vi: 'Đã có trường biểu mẫu với tên này',
  },
  DOCMDP_FORBIDS_CHANGES: {
    kind: 'conflict',
    en: 'The document is certified with no changes allowed',
    vi: 'Tài liệu đã được chứng thực và không cho phép thay đổi',
  },
  DOCMDP_NOT_FIRST: {
    kind: 'conflict',
    en: 'A certification (DocMDP) signature must be the first signature',
    vi: 'Chữ ký chứng thực (DocMDP) phải là chữ ký đầu tiên',
  },
  INVALID_ARGUMENT: {
    kind: 'invalid-input',
    en: 'Invalid argument',
    vi: 'Tham số không hợp lệ',
  },
  BYTE_RANGE_INVALID: {
    kind: 'invalid-input',
    en: 'The signature byte range is invalid',
    vi: 'Vùng byte của chữ ký không hợp lệ',
  },
  CONTENTS_TOO_SMALL: {
    kind: 'failed',
    en: 'The space reserved for the signature is too small',
    vi: 'Vùng dành sẵn cho chữ ký quá nhỏ',
  },
  SOURCE_CHANGED: {
    kind: 'conflict',
    en: 'The source file changed while it was being processed',
    vi: 'Tệp nguồn đã bị thay đổi trong khi đang xử lý',
  },
  IO: {
    kind: 'invalid-input',
    en: 'The PDF file could not be read or written',
    vi: 'Không đọc hoặc ghi được tệp PDF',
  },
  IMAGE_INVALID: {
    kind: 'invalid-input',
    en: 'The image is not a valid PNG',
    vi: 'Ảnh không phải là tệp PNG hợp lệ',
  },
  FONT_INVALID: {
    kind: 'invalid-input',
    en: 'The font could not be used',
    vi: 'Không sử dụng được phông chữ',
  },
});

export interface PdfErrorOptions {
  /** Extra technical detail appended to both messages (offsets, object numbers...). */
  detail?: string;
  /** Byte offset in the file the error relates to, when known. */
  offset?: number;
  cause?: unknown;
}

/** The PDF layer's exception: a code, its declared kind, an English `message` and a Vietnamese `messageVi`. */
export class PdfError extends KysoError {
  declare readonly code: PdfErrorCode;
  readonly detail?: string;
  readonly offset?: number;

  constructor(code: PdfErrorCode, options: PdfErrorOptions = {}) {
    super(
      code,
      ...ERRORS.describe(code, { en: options.detail ? `: ${options.detail}` : undefined }),
      undefined,
      options,
    );
    this.detail = options.detail;
    this.offset = options.offset;
  }
}

export function isPdfError(error: unknown, code?: PdfErrorCode): error is PdfError {
  return error instanceof PdfError && (code === undefined || error.code === code);
}
