import type { Lang } from '../model/finding';
import type { SubIndication } from '../model/indication';
import type { ChangeKind, CheckStatus, FileVerdict, SignatureChecks } from '../model/validation-result';

type Bilingual = { readonly vi: string; readonly en: string };

/** Verdicts as a reader sees them: Vietnamese for commune staff, English on request. */
export const VERDICT_TEXT: Record<FileVerdict, Bilingual> = {
  TOTAL_PASSED: { vi: 'HỢP LỆ', en: 'VALID' },
  TOTAL_FAILED: { vi: 'KHÔNG HỢP LỆ', en: 'INVALID' },
  INDETERMINATE: { vi: 'CHƯA XÁC ĐỊNH', en: 'INDETERMINATE' },
  NO_SIGNATURE: { vi: 'KHÔNG CÓ CHỮ KÝ', en: 'NO SIGNATURE' },
  ERROR: { vi: 'LỖI TỆP', en: 'FILE ERROR' },
};

export const SUB_INDICATION_TEXT: Record<SubIndication, Bilingual> = {
  FORMAT_FAILURE: {
    vi: 'sai định dạng hoặc tài liệu bị sửa đổi không hợp lệ',
    en: 'format failure or disallowed changes',
  },
  HASH_FAILURE: { vi: 'nội dung đã bị thay đổi sau khi ký', en: 'content changed after signing' },
  SIG_CRYPTO_FAILURE: { vi: 'giá trị chữ ký không hợp lệ', en: 'signature value does not verify' },
  REVOKED: { vi: 'chứng thư đã bị thu hồi trước khi ký', en: 'certificate revoked before signing' },
  EXPIRED: { vi: 'ký sau khi chứng thư hết hạn', en: 'signed after the certificate expired' },
  NOT_YET_VALID: { vi: 'ký trước khi chứng thư có hiệu lực', en: 'signed before the certificate was valid' },
  SIG_CONSTRAINTS_FAILURE: {
    vi: 'không đáp ứng chính sách kiểm tra',
    en: 'does not meet the validation policy',
  },
  CHAIN_CONSTRAINTS_FAILURE: {
    vi: 'chuỗi chứng thư không đáp ứng ràng buộc',
    en: 'certificate chain constraints not met',
  },
  CERTIFICATE_CHAIN_GENERAL_FAILURE: { vi: 'lỗi chuỗi chứng thư', en: 'certificate chain failure' },
  CRYPTO_CONSTRAINTS_FAILURE_NO_POE: { vi: 'thuật toán không còn an toàn', en: 'algorithm no longer secure' },
  NO_SIGNING_CERTIFICATE_FOUND: {
    vi: 'không xác định được chứng thư người ký',
    en: 'signing certificate not identified',
  },
  NO_CERTIFICATE_CHAIN_FOUND: {
    vi: 'không tìm thấy chuỗi chứng thư tin cậy',
    en: 'no trusted certificate chain',
  },
  REVOKED_NO_POE: {
    vi: 'chứng thư đã bị thu hồi, không có bằng chứng ký trước đó',
    en: 'certificate revoked, no proof of earlier signing',
  },
  REVOKED_CA_NO_POE: { vi: 'chứng thư CA đã bị thu hồi', en: 'a CA certificate was revoked' },
  OUT_OF_BOUNDS_NO_POE: {
    vi: 'chứng thư hết hạn, không có bằng chứng ký trong thời hạn',
    en: 'certificate expired, no proof of signing within validity',
  },
  OUT_OF_BOUNDS_NOT_REVOKED: {
    vi: 'chứng thư hết hạn (chưa bị thu hồi)',
    en: 'certificate expired (not revoked)',
  },
  TIMESTAMP_ORDER_FAILURE: { vi: 'thứ tự dấu thời gian không hợp lệ', en: 'time-stamp order failure' },
  NO_POE: { vi: 'không có bằng chứng về thời điểm tồn tại', en: 'no proof of existence' },
  TRY_LATER: {
    vi: 'chưa xác định được tình trạng thu hồi, hãy thử lại sau',
    en: 'revocation status unknown, try later',
  },
  SIGNED_DATA_NOT_FOUND: { vi: 'không tìm thấy dữ liệu được ký', en: 'signed data not found' },
};

export const CHANGE_TEXT: Record<ChangeKind, Bilingual> = {
  'dss-added': { vi: 'bổ sung dữ liệu kiểm tra dài hạn (DSS)', en: 'validation data added (DSS)' },
  'document-timestamp-added': { vi: 'thêm dấu thời gian tài liệu', en: 'document time-stamp added' },
  'signature-added': { vi: 'thêm chữ ký', en: 'signature added' },
  'signature-field-added': { vi: 'thêm ô chữ ký trống', en: 'empty signature field added' },
  'form-filled': { vi: 'điền biểu mẫu', en: 'form filled' },
  'annotation-added': { vi: 'thêm chú thích', en: 'annotation added' },
  'annotation-modified': { vi: 'sửa chú thích', en: 'annotation modified' },
  'annotation-removed': { vi: 'xóa chú thích', en: 'annotation removed' },
  'form-field-added': {
    vi: 'thêm trường biểu mẫu (có thể che nội dung đã ký)',
    en: 'form field added (can overlay signed content)',
  },
  'form-field-modified': { vi: 'sửa trường biểu mẫu', en: 'form field modified' },
  'form-field-removed': { vi: 'xóa trường biểu mẫu', en: 'form field removed' },
  'page-content-changed': { vi: 'thay đổi nội dung trang', en: 'page content changed' },
  'page-resources-changed': {
    vi: 'thay đổi tài nguyên trang (phông chữ, hình ảnh)',
    en: 'page resources changed (fonts, images)',
  },
  'page-properties-changed': { vi: 'thay đổi thuộc tính trang', en: 'page properties changed' },
  'page-added': { vi: 'thêm trang', en: 'page added' },
  'page-removed': { vi: 'xóa trang', en: 'page removed' },
  'signature-dictionary-changed': {
    vi: 'sửa hoặc thay thế chữ ký đã có',
    en: 'existing signature rewritten or replaced',
  },
  'catalog-changed': { vi: 'thay đổi cấu trúc tài liệu', en: 'document catalog changed' },
  'acroform-changed': { vi: 'thay đổi biểu mẫu tương tác', en: 'interactive form changed' },
  'permissions-changed': { vi: 'thay đổi quyền của tài liệu', en: 'document permissions changed' },
  'action-added': { vi: 'thêm hành động tự động hoặc mã lệnh', en: 'automatic action or script added' },
  'metadata-changed': { vi: 'cập nhật thông tin mô tả', en: 'metadata updated' },
  'structure-tree-changed': { vi: 'cập nhật cấu trúc logic (thẻ)', en: 'logical structure (tags) updated' },
  'other-object-changed': { vi: 'thay đổi đối tượng khác', en: 'other object changed' },
};

export const CHECK_TEXT: Record<keyof SignatureChecks, Bilingual> = {
  byteRange: { vi: 'Vùng dữ liệu được ký', en: 'Signed byte range' },
  structure: { vi: 'Định dạng chữ ký', en: 'Signature format' },
  messageDigest: { vi: 'Toàn vẹn nội dung', en: 'Content integrity' },
  signatureValue: { vi: 'Giá trị chữ ký', en: 'Signature value' },
  signingCertificate: { vi: 'Ràng buộc chứng thư người ký', en: 'Signing certificate binding' },
  certificateChain: { vi: 'Chuỗi chứng thư', en: 'Certificate chain' },
  revocation: { vi: 'Tình trạng thu hồi', en: 'Revocation status' },
  timestamps: { vi: 'Dấu thời gian', en: 'Time-stamps' },
  modifications: { vi: 'Thay đổi sau khi ký', en: 'Changes after signing' },
};

export const STATUS_TEXT: Record<CheckStatus, Bilingual> = {
  passed: { vi: 'đạt', en: 'passed' },
  failed: { vi: 'KHÔNG ĐẠT', en: 'FAILED' },
  indeterminate: { vi: 'chưa xác định', en: 'indeterminate' },
  'not-checked': { vi: 'không kiểm tra', en: 'not checked' },
};

export const LABELS = {
  title: { vi: 'BÁO CÁO KIỂM TRA CHỮ KÝ SỐ', en: 'DIGITAL SIGNATURE VALIDATION REPORT' },
  file: { vi: 'Tệp', en: 'File' },
  verdict: { vi: 'Kết luận', en: 'Verdict' },
  validationTime: { vi: 'Thời điểm kiểm tra', en: 'Validation time' },
  sha256: { vi: 'Mã băm SHA-256', en: 'SHA-256' },
  revisions: { vi: 'Số lần lưu (phiên bản)', en: 'Revisions' },
  signature: { vi: 'Chữ ký', en: 'Signature' },
  documentTimestamp: { vi: 'Dấu thời gian tài liệu', en: 'Document time-stamp' },
  signer: { vi: 'Người ký', en: 'Signer' },
  organisation: { vi: 'Tổ chức', en: 'Organisation' },
  issuer: { vi: 'Tổ chức cấp chứng thư', en: 'Issuer' },
  serial: { vi: 'Số hiệu chứng thư', en: 'Certificate serial' },
  validity: { vi: 'Hiệu lực chứng thư', en: 'Certificate validity' },
  claimedTime: { vi: 'Thời điểm ký (khai báo)', en: 'Signing time (claimed)' },
  provenTime: { vi: 'Thời điểm ký (có dấu thời gian)', en: 'Signing time (time-stamped)' },
  level: { vi: 'Mức PAdES', en: 'PAdES level' },
  format: { vi: 'Định dạng', en: 'Format' },
  field: { vi: 'Trường chữ ký', en: 'Field' },
  coverage: { vi: 'Phạm vi ký', en: 'Coverage' },
  wholeDocument: { vi: 'toàn bộ tài liệu', en: 'the whole document' },
  partial: { vi: 'một phần (có nội dung thêm sau khi ký)', en: 'part of the file (content appended later)' },
  changes: { vi: 'Thay đổi sau khi ký', en: 'Changes after signing' },
  none: { vi: 'không có', en: 'none' },
  allowed: { vi: 'được phép', en: 'allowed' },
  notAllowed: { vi: 'KHÔNG được phép', en: 'NOT allowed' },
  page: { vi: 'trang', en: 'page' },
  findings: { vi: 'Ghi chú', en: 'Notes' },
  reason: { vi: 'Lý do', en: 'Reason' },
  location: { vi: 'Nơi ký', en: 'Location' },
  noSignatures: { vi: 'Tệp không có chữ ký số.', en: 'The file has no digital signature.' },
  generatedBy: { vi: 'Tạo bởi kyso', en: 'Generated by kyso' },
  trustAnchors: { vi: 'Chứng thư gốc tin cậy đã nạp', en: 'Trust anchors loaded' },
  tsa: { vi: 'Đơn vị cấp dấu thời gian', en: 'Time-stamping authority' },
} as const satisfies Record<string, Bilingual>;

export function t(text: Bilingual, lang: Lang): string {
  return lang === 'vi' ? text.vi : text.en;
}

/** A date as shown to people in Vietnam: ISO 8601 in Vietnam time (UTC+07:00), as Decree 30 writes it. */
export function formatTime(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const local = new Date(d.getTime() + 7 * 3600_000);
  return `${local.toISOString().slice(0, 19)}+07:00`;
}
