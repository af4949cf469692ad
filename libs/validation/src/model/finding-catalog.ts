type P = Readonly<Record<string, string | number>>;
type Text = { readonly vi: (p: P) => string; readonly en: (p: P) => string };

const s = (v: string | number | undefined): string => (v === undefined ? '' : String(v));

/**
 * Every finding kyso's validation can report, with its Vietnamese and English sentence. Codes are stable
 * (they appear in JSON reports and are documented in docs/validation.md); sentences may be improved freely.
 */
export const FINDING_TEXTS = {
  // ---- file level ---------------------------------------------------------------------------------
  NO_SIGNATURES: {
    vi: () => 'Tệp không có chữ ký số hoặc dấu thời gian nào.',
    en: () => 'The file contains no signature or document time-stamp.',
  },
  NO_TRUST_ANCHORS: {
    vi: () =>
      'Chưa cấu hình chứng thư gốc tin cậy: không thể xác nhận chuỗi chứng thư của người ký (kết quả CHƯA XÁC ĐỊNH).',
    en: () => 'No trust anchors are configured: certificate chains cannot be trusted (result INDETERMINATE).',
  },
  FILE_UNREADABLE: {
    vi: (p) => `Không đọc được tệp ${s(p.file)}: ${s(p.detail)}`,
    en: (p) => `The file ${s(p.file)} could not be read: ${s(p.detail)}`,
  },
  PDF_UNREADABLE: {
    vi: (p) => `Không đọc được cấu trúc PDF: ${s(p.detail)}`,
    en: (p) => `The PDF structure could not be read: ${s(p.detail)}`,
  },
  PDF_ENCRYPTED: {
    vi: () =>
      'Tệp PDF được mã hóa: chữ ký vẫn được kiểm tra (nội dung chữ ký không bị mã hóa), nhưng tên trường, lý do, nơi ký và thời điểm khai báo không giải mã được.',
    en: () =>
      'The PDF is encrypted: signatures are still validated (their contents are never encrypted), but field names, reasons, locations and claimed times cannot be decrypted.',
  },
  SIGNATURE_IN_ENCRYPTED_PDF: {
    vi: () =>
      'Chữ ký nằm trong tệp PDF mã hóa: tên trường, lý do, nơi ký và thời điểm khai báo không đọc được; kết quả dựa trên dữ liệu chữ ký.',
    en: () =>
      'This signature is in an encrypted PDF: its field name, reason, location and claimed time cannot be read; the result rests on the signature data.',
  },
  PDF_REPAIRED: {
    vi: (p) => `Tệp PDF có lỗi cấu trúc đã được bỏ qua khi đọc: ${s(p.detail)}`,
    en: (p) => `The PDF has structural defects that the reader tolerated: ${s(p.detail)}`,
  },
  TIME_LIMIT_EXCEEDED: {
    vi: (p) => `Dừng kiểm tra vì vượt quá thời gian cho phép (${s(p.limitMs)} ms).`,
    en: (p) => `Validation stopped: time limit of ${s(p.limitMs)} ms exceeded.`,
  },
  SIZE_LIMIT_EXCEEDED: {
    vi: (p) => `Tệp quá lớn để kiểm tra (${s(p.size)} byte, giới hạn ${s(p.limit)} byte).`,
    en: (p) => `The file is too large to validate (${s(p.size)} bytes, limit ${s(p.limit)}).`,
  },
  TOO_MANY_SIGNATURES: {
    vi: (p) => `Tệp có quá nhiều chữ ký; chỉ kiểm tra ${s(p.limit)} chữ ký đầu tiên.`,
    en: (p) => `Too many signatures; only the first ${s(p.limit)} were validated.`,
  },
  SIGNATURE_PLACEHOLDER_EMPTY: {
    vi: (p) => `Trường "${s(p.field)}" có từ điển chữ ký nhưng nội dung chữ ký trống (chưa ký xong).`,
    en: (p) => `Field "${s(p.field)}" has a signature dictionary whose /Contents is empty (never signed).`,
  },
  SIGNATURE_FIELD_NOT_LISTED: {
    vi: (p) =>
      `Trường chữ ký "${s(p.field)}" chỉ nằm trong /Annots của trang, không có trong danh sách /Fields của biểu mẫu; một số trình xem sẽ không hiển thị chữ ký này.`,
    en: (p) =>
      `Signature field "${s(p.field)}" is only on a page's /Annots, not listed in the form's /Fields; some viewers will not show this signature.`,
  },
  SIGNATURE_DICT_WRONG_TYPE: {
    vi: (p) =>
      `Từ điển chữ ký của trường "${s(p.field)}" khai báo /Type ${s(p.type)} không khớp với /SubFilter ${s(p.subFilter)}.`,
    en: (p) =>
      `The signature dictionary of "${s(p.field)}" has /Type ${s(p.type)}, inconsistent with /SubFilter ${s(p.subFilter)}.`,
  },
  UNSIGNED_BYTES_AFTER_LAST_REVISION: {
    vi: (p) => `Có ${s(p.bytes)} byte sau bản sửa đổi cuối cùng không thuộc cấu trúc PDF.`,
    en: (p) => `${s(p.bytes)} bytes after the last revision are not part of the PDF structure.`,
  },

  // ---- structure ----------------------------------------------------------------------------------
  BYTE_RANGE_MISSING: {
    vi: () => 'Từ điển chữ ký không có /ByteRange.',
    en: () => 'The signature dictionary has no /ByteRange.',
  },
  BYTE_RANGE_MALFORMED: {
    vi: (p) => `/ByteRange không hợp lệ: ${s(p.detail)}.`,
    en: (p) => `/ByteRange is malformed: ${s(p.detail)}.`,
  },
  BYTE_RANGE_NOT_FROM_START: {
    vi: () => '/ByteRange không bắt đầu từ đầu tệp.',
    en: () => '/ByteRange does not start at the beginning of the file.',
  },
  BYTE_RANGE_OUTSIDE_FILE: {
    vi: (p) => `/ByteRange vượt ra ngoài tệp (đến byte ${s(p.end)}, tệp có ${s(p.size)} byte).`,
    en: (p) => `/ByteRange reaches byte ${s(p.end)}, beyond the end of the file (${s(p.size)} bytes).`,
  },
  BYTE_RANGE_OVERLAP: {
    vi: () => 'Hai vùng của /ByteRange chồng lên nhau hoặc sai thứ tự.',
    en: () => 'The two /ByteRange ranges overlap or are out of order.',
  },
  BYTE_RANGE_GAP_NOT_CONTENTS: {
    vi: (p) =>
      `Khoảng trống của /ByteRange (byte ${s(p.gapStart)}–${s(p.gapEnd)}) không đúng bằng chuỗi /Contents (byte ${s(p.contentsStart)}–${s(p.contentsEnd)}): có thể là tấn công bao bọc chữ ký.`,
    en: (p) =>
      `The /ByteRange gap (bytes ${s(p.gapStart)}–${s(p.gapEnd)}) is not exactly the /Contents string (bytes ${s(p.contentsStart)}–${s(p.contentsEnd)}): possible signature-wrapping attack.`,
  },
  BYTE_RANGE_NOT_REVISION_END: {
    vi: (p) =>
      `Vùng được ký kết thúc ở byte ${s(p.end)}, không trùng với điểm kết thúc của một bản sửa đổi PDF.`,
    en: (p) => `The signed range ends at byte ${s(p.end)}, which is not the end of a PDF revision.`,
  },
  CMS_MALFORMED: {
    vi: (p) => `Dữ liệu chữ ký CMS không đúng cấu trúc: ${s(p.detail)}`,
    en: (p) => `The CMS signature data is malformed: ${s(p.detail)}`,
  },
  CMS_TOO_LARGE: {
    vi: (p) => `Dữ liệu chữ ký CMS vượt giới hạn an toàn: ${s(p.detail)}`,
    en: (p) => `The CMS signature data exceeds a safety limit: ${s(p.detail)}`,
  },
  CMS_MULTIPLE_SIGNERS: {
    vi: (p) => `CMS chứa ${s(p.count)} người ký; chỉ kiểm tra người ký đầu tiên.`,
    en: (p) => `The CMS holds ${s(p.count)} SignerInfos; only the first one is validated.`,
  },
  COUNTER_SIGNATURE_NOT_VALIDATED: {
    vi: (p) =>
      `Chữ ký có ${s(p.count)} chữ ký xác nhận (counter-signature); kyso chưa kiểm tra các chữ ký này và chúng không thay đổi kết quả.`,
    en: (p) =>
      `The signature carries ${s(p.count)} counter-signature(s); kyso does not validate them yet and they do not change the result.`,
  },
  SUBFILTER_MISSING: {
    vi: () => 'Từ điển chữ ký không có /SubFilter.',
    en: () => 'The signature dictionary has no /SubFilter.',
  },
  SUBFILTER_UNSUPPORTED: {
    vi: (p) =>
      `Định dạng chữ ký /SubFilter ${s(p.subFilter)} không được hỗ trợ (kyso hỗ trợ adbe.pkcs7.detached, ETSI.CAdES.detached và ETSI.RFC3161); các kiểm tra mật mã vẫn được thực hiện để tham khảo.`,
    en: (p) =>
      `/SubFilter ${s(p.subFilter)} is not supported (kyso supports adbe.pkcs7.detached, ETSI.CAdES.detached and ETSI.RFC3161); the cryptographic checks were still run for information.`,
  },

  // ---- integrity ----------------------------------------------------------------------------------
  DIGEST_ALGORITHM_UNKNOWN: {
    vi: (p) => `Không nhận ra thuật toán băm ${s(p.oid)}.`,
    en: (p) => `Unknown digest algorithm ${s(p.oid)}.`,
  },
  MESSAGE_DIGEST_MISSING: {
    vi: () => 'Chữ ký không có thuộc tính message-digest.',
    en: () => 'The signature has no message-digest attribute.',
  },
  MESSAGE_DIGEST_MISMATCH: {
    vi: () => 'Giá trị băm của tài liệu không khớp với chữ ký: nội dung đã bị thay đổi sau khi ký.',
    en: () => 'The document digest does not match the signature: the content was changed after signing.',
  },
  ENCAPSULATED_CONTENT_MISMATCH: {
    vi: () => 'Nội dung đóng gói trong CMS không khớp với thuộc tính message-digest.',
    en: () => 'The content encapsulated in the CMS does not match its message-digest attribute.',
  },
  SIGNATURE_INVALID: {
    vi: () => 'Giá trị chữ ký không hợp lệ với khóa công khai của chứng thư người ký.',
    en: () => "The signature value does not verify with the signer certificate's public key.",
  },
  SIGNED_ATTRIBUTES_NOT_DER: {
    vi: () =>
      'Các thuộc tính được ký không được mã hóa DER (SET OF chưa sắp xếp): chữ ký không hợp lệ trên bản mã hóa DER theo chuẩn CMS.',
    en: () =>
      'The signed attributes are not DER-encoded (SET OF not sorted): the signature does not verify over their DER encoding as CMS requires.',
  },
  SIGNATURE_ALGORITHM_UNSUPPORTED: {
    vi: (p) => `Thuật toán chữ ký không được hỗ trợ hoặc không nhất quán: ${s(p.detail)}`,
    en: (p) => `Unsupported or inconsistent signature algorithm: ${s(p.detail)}`,
  },
  WEAK_ALGORITHM: {
    vi: (p) => `Thuật toán ${s(p.algorithm)} không còn an toàn cho chữ ký tạo sau ${s(p.since)}.`,
    en: (p) => `${s(p.algorithm)} is no longer secure for signatures made after ${s(p.since)}.`,
  },
  SIGNER_CERTIFICATE_NOT_FOUND: {
    vi: () => 'Không tìm thấy chứng thư số của người ký trong chữ ký hoặc trong tài liệu.',
    en: () => 'The signer certificate was not found in the signature or in the document.',
  },
  SIGNING_CERTIFICATE_ATTRIBUTE_MISSING: {
    vi: () => 'Chữ ký không có thuộc tính signing-certificate(-v2) ràng buộc chứng thư người ký.',
    en: () => 'The signature has no signing-certificate(-v2) attribute binding the signer certificate.',
  },
  SIGNING_CERTIFICATE_ATTRIBUTE_MISMATCH: {
    vi: () => 'Thuộc tính signing-certificate(-v2) không khớp với chứng thư người ký.',
    en: () => 'The signing-certificate(-v2) attribute does not match the signer certificate.',
  },
  CMS_SIGNING_TIME_PRESENT: {
    vi: () =>
      'CMS có thuộc tính signing-time, điều mà PAdES baseline không cho phép (thời điểm ký nằm ở /M).',
    en: () =>
      'The CMS carries a signing-time attribute, which PAdES baseline forbids (the claimed time belongs in /M).',
  },

  // ---- certificate chain -------------------------------------------------------------------------
  CHAIN_NOT_FOUND: {
    vi: (p) => `Không xây dựng được chuỗi chứng thư từ "${s(p.subject)}" đến một chứng thư gốc tin cậy.`,
    en: (p) => `No certificate chain from "${s(p.subject)}" to a trust anchor was found.`,
  },
  CERT_NOT_CA: {
    vi: (p) =>
      `Chứng thư "${s(p.subject)}" được dùng như tổ chức cấp nhưng không phải là CA (basicConstraints).`,
    en: (p) => `Certificate "${s(p.subject)}" is used as an issuer but is not a CA (basicConstraints).`,
  },
  CERT_PATH_LENGTH_EXCEEDED: {
    vi: (p) => `Chuỗi chứng thư vượt giới hạn độ dài đường dẫn của "${s(p.subject)}".`,
    en: (p) => `The chain exceeds the path length constraint of "${s(p.subject)}".`,
  },
  CERT_NAME_CONSTRAINTS_VIOLATED: {
    vi: (p) =>
      `Chứng thư "${s(p.subject)}" nằm ngoài phạm vi tên (nameConstraints) mà tổ chức cấp "${s(p.issuer)}" cho phép.`,
    en: (p) =>
      `Certificate "${s(p.subject)}" is outside the name constraints of its issuer "${s(p.issuer)}".`,
  },
  NAME_CONSTRAINTS_NOT_EVALUATED: {
    vi: (p) =>
      `Chuỗi chứng thư có ràng buộc tên dạng ${s(p.forms)} mà kyso chưa kiểm tra (chỉ kiểm tra ràng buộc theo tên phân biệt).`,
    en: (p) =>
      `The chain has name constraints of form ${s(p.forms)}, which kyso does not evaluate (only directoryName constraints are).`,
  },
  CERT_POLICIES: {
    vi: (p) => `Chứng thư "${s(p.subject)}" khai báo chính sách chứng thư: ${s(p.policies)}.`,
    en: (p) => `Certificate "${s(p.subject)}" declares the certificate policies ${s(p.policies)}.`,
  },
  CERT_CA_KEY_USAGE: {
    vi: (p) => `Chứng thư CA "${s(p.subject)}" không có quyền ký chứng thư (keyCertSign).`,
    en: (p) => `CA certificate "${s(p.subject)}" lacks the keyCertSign key usage.`,
  },
  CERT_KEY_USAGE: {
    vi: () =>
      'Chứng thư người ký không cho phép dùng để ký số (keyUsage thiếu digitalSignature/nonRepudiation).',
    en: () =>
      'The signer certificate is not allowed to sign (keyUsage lacks digitalSignature/nonRepudiation).',
  },
  CERT_UNKNOWN_CRITICAL_EXTENSION: {
    vi: (p) => `Chứng thư "${s(p.subject)}" có phần mở rộng bắt buộc không nhận ra: ${s(p.oid)}.`,
    en: (p) => `Certificate "${s(p.subject)}" has an unrecognised critical extension ${s(p.oid)}.`,
  },
  CERT_EXPIRED_NO_POE: {
    vi: (p) =>
      `Chứng thư "${s(p.subject)}" đã hết hạn lúc ${s(p.notAfter)} và không có dấu thời gian chứng minh chữ ký được tạo trước thời điểm đó.`,
    en: (p) =>
      `Certificate "${s(p.subject)}" expired at ${s(p.notAfter)} and no time-stamp proves the signature existed before.`,
  },
  CERT_EXPIRED_AT_SIGNING: {
    vi: (p) =>
      `Chữ ký được tạo (${s(p.time)}) sau khi chứng thư "${s(p.subject)}" hết hạn (${s(p.notAfter)}).`,
    en: (p) =>
      `The signature was made (${s(p.time)}) after certificate "${s(p.subject)}" expired (${s(p.notAfter)}).`,
  },
  CERT_NOT_YET_VALID: {
    vi: (p) =>
      `Chữ ký được tạo (${s(p.time)}) trước khi chứng thư "${s(p.subject)}" có hiệu lực (${s(p.notBefore)}).`,
    en: (p) =>
      `The signature was made (${s(p.time)}) before certificate "${s(p.subject)}" became valid (${s(p.notBefore)}).`,
  },
  CERT_EXPIRED_LATER: {
    vi: (p) =>
      `Chứng thư "${s(p.subject)}" đã hết hạn lúc ${s(p.notAfter)}, nhưng dấu thời gian chứng minh chữ ký được tạo trước đó.`,
    en: (p) =>
      `Certificate "${s(p.subject)}" expired at ${s(p.notAfter)}, but a time-stamp proves the signature was made before.`,
  },
  AIA_FETCH_FAILED: {
    vi: (p) => `Không tải được chứng thư của tổ chức cấp từ ${s(p.url)}: ${s(p.detail)}`,
    en: (p) => `Could not download the issuer certificate from ${s(p.url)}: ${s(p.detail)}`,
  },
  CHAIN_FROM_AIA: {
    vi: (p) => `Chứng thư "${s(p.subject)}" được tải về từ ${s(p.url)} (AIA).`,
    en: (p) => `Certificate "${s(p.subject)}" was downloaded from ${s(p.url)} (AIA).`,
  },

  // ---- revocation ---------------------------------------------------------------------------------
  REVOCATION_GOOD: {
    vi: (p) => `Chứng thư "${s(p.subject)}" chưa bị thu hồi (theo ${s(p.source)} lúc ${s(p.time)}).`,
    en: (p) => `Certificate "${s(p.subject)}" is not revoked (${s(p.source)} at ${s(p.time)}).`,
  },
  REVOKED_BEFORE_SIGNING: {
    vi: (p) =>
      `Chứng thư "${s(p.subject)}" đã bị thu hồi lúc ${s(p.revokedAt)}, trước thời điểm ký ${s(p.time)}.`,
    en: (p) =>
      `Certificate "${s(p.subject)}" was revoked at ${s(p.revokedAt)}, before the signing time ${s(p.time)}.`,
  },
  REVOKED_NO_POE: {
    vi: (p) =>
      `Chứng thư "${s(p.subject)}" đã bị thu hồi lúc ${s(p.revokedAt)} và không có dấu thời gian chứng minh chữ ký được tạo trước đó.`,
    en: (p) =>
      `Certificate "${s(p.subject)}" was revoked at ${s(p.revokedAt)} and no time-stamp proves the signature existed before.`,
  },
  REVOKED_AFTER_SIGNING: {
    vi: (p) =>
      `Chứng thư "${s(p.subject)}" bị thu hồi lúc ${s(p.revokedAt)}, sau thời điểm ký đã được chứng minh (${s(p.time)}): chữ ký vẫn hợp lệ.`,
    en: (p) =>
      `Certificate "${s(p.subject)}" was revoked at ${s(p.revokedAt)}, after the proven signing time (${s(p.time)}): the signature stays valid.`,
  },
  REVOCATION_UNKNOWN: {
    vi: (p) => `Không xác định được tình trạng thu hồi của chứng thư "${s(p.subject)}": ${s(p.detail)}`,
    en: (p) => `The revocation status of certificate "${s(p.subject)}" is unknown: ${s(p.detail)}`,
  },
  REVOCATION_SOURCE_FAILED: {
    vi: (p) => `Không lấy được thông tin thu hồi từ ${s(p.url)}: ${s(p.detail)}`,
    en: (p) => `Revocation data could not be obtained from ${s(p.url)}: ${s(p.detail)}`,
  },
  REVOCATION_OFFLINE: {
    vi: () =>
      'Chế độ ngoại tuyến: không truy vấn OCSP/CRL trực tuyến, chỉ dùng thông tin có sẵn trong tài liệu.',
    en: () =>
      'Offline mode: no online OCSP/CRL queries, only the validation data inside the document was used.',
  },
  REVOCATION_DATA_INVALID: {
    vi: (p) => `Bỏ qua dữ liệu thu hồi không hợp lệ (${s(p.source)}): ${s(p.detail)}`,
    en: (p) => `Ignored invalid revocation data (${s(p.source)}): ${s(p.detail)}`,
  },

  // ---- time-stamps --------------------------------------------------------------------------------
  TIMESTAMP_MALFORMED: {
    vi: (p) => `Dấu thời gian không đúng cấu trúc: ${s(p.detail)}`,
    en: (p) => `The time-stamp token is malformed: ${s(p.detail)}`,
  },
  TIMESTAMP_IMPRINT_MISMATCH: {
    vi: () => 'Dấu thời gian không khớp với dữ liệu được đóng dấu (message imprint sai).',
    en: () => 'The time-stamp does not match the data it claims to cover (wrong message imprint).',
  },
  TIMESTAMP_SIGNATURE_INVALID: {
    vi: (p) => `Chữ ký của đơn vị cấp dấu thời gian không hợp lệ: ${s(p.detail)}`,
    en: (p) => `The time-stamping authority's signature is invalid: ${s(p.detail)}`,
  },
  TSA_NOT_TRUSTED: {
    vi: (p) =>
      `Đơn vị cấp dấu thời gian "${s(p.subject)}" không thuộc chuỗi tin cậy: thời điểm trong dấu không được dùng làm bằng chứng.`,
    en: (p) => `The time-stamping authority "${s(p.subject)}" is not trusted: its time is not used as proof.`,
  },
  TSA_EKU_MISSING: {
    vi: (p) => `Chứng thư "${s(p.subject)}" không có mục đích sử dụng timeStamping (bắt buộc và critical).`,
    en: (p) => `Certificate "${s(p.subject)}" lacks the critical timeStamping extended key usage.`,
  },
  TIMESTAMP_NOT_USED: {
    vi: (p) => `Dấu thời gian lúc ${s(p.time)} không hợp lệ nên không được dùng làm bằng chứng thời điểm ký.`,
    en: (p) => `The time-stamp at ${s(p.time)} is not valid and is not used as proof of the signing time.`,
  },
  CLAIMED_TIME_AFTER_TIMESTAMP: {
    vi: (p) => `Thời điểm ký khai báo (${s(p.claimed)}) muộn hơn dấu thời gian (${s(p.proven)}).`,
    en: (p) => `The claimed signing time (${s(p.claimed)}) is later than the time-stamp (${s(p.proven)}).`,
  },

  // ---- modifications ------------------------------------------------------------------------------
  MODIFICATIONS_DISALLOWED: {
    vi: (p) =>
      `Tài liệu bị sửa đổi sau khi ký theo cách không được phép (${s(p.count)} thay đổi), có thể che giấu hoặc thay thế nội dung đã ký.`,
    en: (p) =>
      `The document was changed after signing in ways that are not allowed (${s(p.count)} changes); signed content may be hidden or replaced.`,
  },
  MODIFICATIONS_ALLOWED: {
    vi: (p) =>
      `Sau chữ ký có ${s(p.count)} thay đổi được phép (bổ sung dữ liệu kiểm tra, dấu thời gian, chữ ký khác, điền biểu mẫu).`,
    en: (p) =>
      `${s(p.count)} allowed changes after this signature (validation data, time-stamps, further signatures, form filling).`,
  },
  NOT_WHOLE_DOCUMENT: {
    vi: (p) => `Chữ ký không bao phủ toàn bộ tệp: có ${s(p.bytes)} byte được thêm vào sau khi ký.`,
    en: (p) =>
      `The signature does not cover the whole file: ${s(p.bytes)} bytes were appended after signing.`,
  },
  DOCMDP_NO_CHANGES_ALLOWED: {
    vi: () => 'Tài liệu được chứng thực với mức "không cho phép thay đổi" (DocMDP P=1) nhưng đã bị thay đổi.',
    en: () => 'The document is certified with "no changes allowed" (DocMDP P=1) but was changed.',
  },
  MODIFICATION_ANALYSIS_FAILED: {
    vi: (p) => `Không phân tích được các thay đổi sau khi ký: ${s(p.detail)}`,
    en: (p) => `The changes after signing could not be analysed: ${s(p.detail)}`,
  },
  SIGNATURE_DICTIONARY_CHANGED: {
    vi: () => 'Từ điển chữ ký đã bị viết lại sau khi ký (ví dụ lý do ký bị giả mạo).',
    en: () => 'The signature dictionary was rewritten after signing (e.g. a forged reason).',
  },
} satisfies Record<string, Text>;

export type FindingCode = keyof typeof FINDING_TEXTS;
