import { KysoError } from '@kyso/common';
import { SIGNATURE_ALGORITHMS } from './algorithms';

/** Why one item of a batch failed. The same codes come from the native core and the fallback. */
export enum NativeErrorCode {
  FileNotFound = 'FILE_NOT_FOUND',
  FileUnreadable = 'FILE_UNREADABLE',
  RangeOutOfBounds = 'RANGE_OUT_OF_BOUNDS',
  /** The file shrank while it was being read. */
  FileChanged = 'FILE_CHANGED',
  UnknownAlgorithm = 'UNKNOWN_ALGORITHM',
  InvalidPublicKey = 'INVALID_PUBLIC_KEY',
  KeyAlgorithmMismatch = 'KEY_ALGORITHM_MISMATCH',
  DigestLengthMismatch = 'DIGEST_LENGTH_MISMATCH',
  /** Only the node:crypto fallback: a pre-hashed ECDSA digest on a curve it has no arithmetic for. */
  FallbackUnsupported = 'FALLBACK_UNSUPPORTED',
  Internal = 'INTERNAL',
}

/** Structured facts about a failed item, as produced by either core (before messages are added). */
export interface RawItemError {
  readonly index: number;
  readonly code: `${NativeErrorCode}`;
  readonly path?: string;
  /** errno name such as ENOENT or EISDIR. */
  readonly errno?: string;
  readonly rangeIndex?: number;
  readonly offset?: number;
  readonly length?: number;
  readonly fileSize?: number;
  readonly algorithm?: string;
  readonly keyType?: string;
  readonly expectedLength?: number;
  readonly actualLength?: number;
  readonly detail?: string;
}

export type ItemErrorDetails = Omit<RawItemError, 'index' | 'code'> & {
  readonly code: NativeErrorCode;
  readonly message: string;
  readonly messageVi: string;
};

/** The result slot of an item that could not be processed; the rest of the batch is unaffected. */
export interface NativeItemError {
  readonly error: ItemErrorDetails;
}

export function isItemError(result: unknown): result is NativeItemError {
  return typeof result === 'object' && result !== null && !Buffer.isBuffer(result) && 'error' in result;
}

const NOT_REGULAR_FILE = 'not a regular file';

function describeFileProblem(raw: RawItemError): { en: string; vi: string } {
  if (raw.errno !== undefined) return { en: raw.errno, vi: raw.errno };
  if (raw.detail === NOT_REGULAR_FILE) return { en: NOT_REGULAR_FILE, vi: 'không phải tệp thông thường' };
  return { en: raw.detail ?? 'unknown error', vi: raw.detail ?? 'lỗi không xác định' };
}

function messages(raw: RawItemError): { message: string; messageVi: string } {
  const range = `${raw.rangeIndex} [offset ${raw.offset}, length ${raw.length}]`;
  const rangeVi = `${raw.rangeIndex} [vị trí ${raw.offset}, độ dài ${raw.length}]`;
  switch (raw.code as NativeErrorCode) {
    case NativeErrorCode.FileNotFound:
      return {
        message: `File not found: ${raw.path} (ENOENT)`,
        messageVi: `Không tìm thấy tệp: ${raw.path} (ENOENT)`,
      };
    case NativeErrorCode.FileUnreadable: {
      const problem = describeFileProblem(raw);
      return {
        message: `Cannot read file ${raw.path}: ${problem.en}`,
        messageVi: `Không đọc được tệp ${raw.path}: ${problem.vi}`,
      };
    }
    case NativeErrorCode.RangeOutOfBounds:
      return {
        message: `Byte range ${range} runs past the end of ${raw.path} (${raw.fileSize} bytes)`,
        messageVi: `Đoạn byte ${rangeVi} vượt quá cuối tệp ${raw.path} (${raw.fileSize} byte)`,
      };
    case NativeErrorCode.FileChanged:
      return {
        message: `File ${raw.path} changed while being read: byte range ${range} ended early (now ${raw.fileSize} bytes)`,
        messageVi: `Tệp ${raw.path} bị thay đổi trong khi đang đọc: đoạn byte ${rangeVi} kết thúc sớm (hiện còn ${raw.fileSize} byte)`,
      };
    case NativeErrorCode.UnknownAlgorithm:
      return {
        message: `Unknown signature algorithm "${raw.algorithm}"; expected one of ${SIGNATURE_ALGORITHMS.join(', ')}`,
        messageVi: `Thuật toán chữ ký không được hỗ trợ: "${raw.algorithm}"; chỉ nhận ${SIGNATURE_ALGORITHMS.join(', ')}`,
      };
    case NativeErrorCode.InvalidPublicKey:
      return {
        message: 'publicKey is not one DER-encoded SubjectPublicKeyInfo',
        messageVi: 'Khóa công khai không phải một cấu trúc SubjectPublicKeyInfo mã hóa DER',
      };
    case NativeErrorCode.KeyAlgorithmMismatch:
      return {
        message: `A ${raw.keyType} public key cannot verify ${raw.algorithm} signatures${
          raw.keyType === 'rsa-pss' ? ' (or its RSASSA-PSS parameters forbid this hash or salt length)' : ''
        }`,
        messageVi: `Khóa công khai loại ${raw.keyType} không dùng được để kiểm tra chữ ký ${raw.algorithm}${
          raw.keyType === 'rsa-pss'
            ? ' (hoặc tham số RSASSA-PSS của khóa không cho phép hàm băm hay độ dài salt này)'
            : ''
        }`,
      };
    case NativeErrorCode.DigestLengthMismatch:
      return {
        message: `digest has ${raw.actualLength} bytes but ${raw.algorithm} needs ${raw.expectedLength}`,
        messageVi: `Giá trị băm dài ${raw.actualLength} byte nhưng ${raw.algorithm} cần ${raw.expectedLength} byte`,
      };
    case NativeErrorCode.FallbackUnsupported:
      return {
        message: `The node:crypto fallback cannot verify a pre-hashed ${raw.algorithm} digest with this ${raw.keyType} key (${raw.detail}); build the native core or pass data instead of digest`,
        messageVi: `Chế độ dự phòng node:crypto không kiểm tra được giá trị băm ${raw.algorithm} với khóa ${raw.keyType} này (${raw.detail}); hãy biên dịch lõi native hoặc truyền data thay cho digest`,
      };
    case NativeErrorCode.Internal:
      return {
        message: `Internal crypto failure${raw.detail ? `: ${raw.detail}` : ''}`,
        messageVi: `Lỗi nội bộ khi xử lý mật mã${raw.detail ? `: ${raw.detail}` : ''}`,
      };
  }
}

/** Adds the English and Vietnamese messages to a raw per-item failure. */
export function toItemError(raw: RawItemError): NativeItemError {
  const { index: _index, code, ...facts } = raw;
  return { error: { code: code as NativeErrorCode, ...messages(raw), ...facts } };
}

/**
 * A call that is wrong as a whole (types, shapes, numbers); thrown before any work starts. It stays a TypeError,
 * not a KysoError: it reports a programming mistake of the caller, which the edges answer as an internal error.
 */
export class NativeArgumentError extends TypeError {
  readonly code = 'INVALID_ARGUMENT' as const;
  constructor(
    message: string,
    readonly messageVi: string,
  ) {
    super(message);
    this.name = 'NativeArgumentError';
  }
}

export const BUILD_HINT = 'build it with `npm rebuild @kyso/native` (needs python3, make, g++)';
export const BUILD_HINT_VI = 'biên dịch bằng `npm rebuild @kyso/native` (cần python3, make, g++)';

/** nativeCore() was asked for explicitly but the addon is not built or cannot be loaded. */
export class NativeCoreUnavailableError extends KysoError {
  declare readonly code: 'NATIVE_CORE_UNAVAILABLE';

  constructor(message: string, messageVi: string, options?: { cause?: unknown }) {
    super('NATIVE_CORE_UNAVAILABLE', 'unavailable', message, messageVi, undefined, options);
  }
}
