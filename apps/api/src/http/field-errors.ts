import type { ValidationError } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import type { FieldError } from './error-body';
import type { TextFinding } from './text-rule';

/** One rule of the catalogue: the field code, its rank (lower wins) and its messages from the rule's arguments. */
interface Rule {
  code: string;
  rank: number;
  en: (args: unknown[]) => string;
  vi: (args: unknown[]) => string;
}

const list = (args: unknown[]) => {
  const values = args[0];
  const all = Array.isArray(values)
    ? values
    : values && typeof values === 'object'
      ? Object.values(values)
      : [];
  return all.join(', ');
};

const RANK = { unknown: 0, required: 1, type: 2, text: 3, format: 4, size: 5 } as const;

/**
 * The validation codes and their English and Vietnamese messages, by class-validator constraint name. A field with
 * several problems reports the one of lowest rank: a missing `subject` is "required", not also "too long".
 */
export const RULES: Record<string, Rule> = {
  whitelistValidation: {
    code: 'UNKNOWN_FIELD',
    rank: RANK.unknown,
    en: () => 'is not a field of this request',
    vi: () => 'không phải là trường của yêu cầu này',
  },
  required: {
    code: 'REQUIRED',
    rank: RANK.required,
    en: () => 'is required',
    vi: () => 'không được để trống',
  },
  notNull: {
    code: 'NOT_NULL',
    rank: RANK.required,
    en: () => 'must not be null; leave the field out to keep its value',
    vi: () => 'không được là null; bỏ trường này nếu muốn giữ nguyên giá trị',
  },
  isString: {
    code: 'NOT_TEXT',
    rank: RANK.type,
    en: () => 'must be text',
    vi: () => 'phải là chuỗi ký tự',
  },
  isInt: {
    code: 'NOT_INTEGER',
    rank: RANK.type,
    en: () => 'must be a whole number',
    vi: () => 'phải là số nguyên',
  },
  isNumber: { code: 'NOT_NUMBER', rank: RANK.type, en: () => 'must be a number', vi: () => 'phải là số' },
  isBoolean: {
    code: 'NOT_BOOLEAN',
    rank: RANK.type,
    en: () => 'must be true or false',
    vi: () => 'phải là true hoặc false',
  },
  isArray: {
    code: 'NOT_LIST',
    rank: RANK.type,
    en: () => 'must be a list',
    vi: () => 'phải là một danh sách',
  },
  isObject: {
    code: 'NOT_OBJECT',
    rank: RANK.type,
    en: () => 'must be an object',
    vi: () => 'phải là một đối tượng JSON',
  },
  nestedValidation: {
    code: 'NOT_OBJECT',
    rank: RANK.type,
    en: () => 'must be an object',
    vi: () => 'phải là một đối tượng JSON',
  },
  CONTROL_CHARACTER: {
    code: 'CONTROL_CHARACTER',
    rank: RANK.text,
    en: () => 'must not contain control characters (such as NUL)',
    vi: () => 'không được chứa ký tự điều khiển (như NUL)',
  },
  CONTROL_CHARACTER_MULTILINE: {
    code: 'CONTROL_CHARACTER',
    rank: RANK.text,
    en: () => 'must not contain control characters other than line breaks and tabs',
    vi: () => 'không được chứa ký tự điều khiển, ngoài xuống dòng và tab',
  },
  INVALID_UTF8: {
    code: 'INVALID_UTF8',
    rank: RANK.text,
    en: () => 'must be valid UTF-8 text',
    vi: () => 'phải là văn bản UTF-8 hợp lệ',
  },
  isCalendarDate: {
    code: 'INVALID_DATE',
    rank: RANK.format,
    en: () => 'must be a calendar date written YYYY-MM-DD',
    vi: () => 'phải là một ngày có thật, viết theo dạng YYYY-MM-DD',
  },
  isIso8601: {
    code: 'INVALID_DATE_TIME',
    rank: RANK.format,
    en: () => 'must be a date and time in ISO 8601 (2025-07-01T08:00:00+07:00)',
    vi: () => 'phải là ngày giờ theo ISO 8601 (2025-07-01T08:00:00+07:00)',
  },
  isUuid: {
    code: 'INVALID_UUID',
    rank: RANK.format,
    en: () => 'must be a UUID',
    vi: () => 'phải là một UUID',
  },
  isIn: {
    code: 'NOT_ALLOWED',
    rank: RANK.format,
    en: (a) => `must be one of: ${list(a)}`,
    vi: (a) => `phải là một trong các giá trị: ${list(a)}`,
  },
  isEnum: {
    code: 'NOT_ALLOWED',
    rank: RANK.format,
    en: (a) => `must be one of: ${list(a)}`,
    vi: (a) => `phải là một trong các giá trị: ${list(a)}`,
  },
  isEmail: {
    code: 'INVALID_EMAIL',
    rank: RANK.format,
    en: () => 'must be an e-mail address',
    vi: () => 'phải là một địa chỉ thư điện tử',
  },
  isBase64: {
    code: 'NOT_BASE64',
    rank: RANK.format,
    en: () => 'must be base64',
    vi: () => 'phải được mã hóa base64',
  },
  matches: {
    code: 'INVALID_FORMAT',
    rank: RANK.format,
    en: () => 'has the wrong format',
    vi: () => 'sai định dạng',
  },
  minLength: {
    code: 'TOO_SHORT',
    rank: RANK.size,
    en: (a) => `must be at least ${String(a[0])} characters long`,
    vi: (a) => `phải có ít nhất ${String(a[0])} ký tự`,
  },
  maxLength: {
    code: 'TOO_LONG',
    rank: RANK.size,
    en: (a) => `must be at most ${String(a[0])} characters long`,
    vi: (a) => `không được dài quá ${String(a[0])} ký tự`,
  },
  min: {
    code: 'OUT_OF_RANGE',
    rank: RANK.size,
    en: (a) => `must be at least ${String(a[0])}`,
    vi: (a) => `phải lớn hơn hoặc bằng ${String(a[0])}`,
  },
  max: {
    code: 'OUT_OF_RANGE',
    rank: RANK.size,
    en: (a) => `must be at most ${String(a[0])}`,
    vi: (a) => `phải nhỏ hơn hoặc bằng ${String(a[0])}`,
  },
  arrayMinSize: {
    code: 'TOO_FEW',
    rank: RANK.size,
    en: (a) => `must have at least ${String(a[0])} items`,
    vi: (a) => `phải có ít nhất ${String(a[0])} phần tử`,
  },
  arrayMaxSize: {
    code: 'TOO_MANY',
    rank: RANK.size,
    en: (a) => `must have at most ${String(a[0])} items`,
    vi: (a) => `không được có quá ${String(a[0])} phần tử`,
  },
};

const FALLBACK: Rule = {
  code: 'INVALID',
  rank: RANK.format,
  en: () => 'is invalid',
  vi: () => 'không hợp lệ',
};

/** One failed constraint of one field, before the catalogue picks the one to report. */
interface Candidate {
  rule: Rule;
  args: unknown[];
  /** The DTO's own message for this constraint, used when it gives the Vietnamese too (`context: { vi }`). */
  own?: { en: string; vi: string };
}

function constraintArgs(target: object | undefined, property: string, name: string): unknown[] {
  if (!target) return [];
  const meta = getMetadataStorage()
    .getTargetValidationMetadatas(target.constructor, '', true, false)
    .find((m) => m.propertyName === property && m.name === name);
  return meta?.constraints ?? [];
}

function isMissing(e: ValidationError): boolean {
  if (e.value === undefined || e.value === null) return !e.constraints?.whitelistValidation;
  return e.value === '' && !!(e.constraints?.minLength ?? e.constraints?.isNotEmpty);
}

function candidates(e: ValidationError): Candidate[] {
  if (!e.constraints) return [];
  if (e.constraints.notNull) return [{ rule: RULES.notNull, args: [] }];
  if (isMissing(e)) return [{ rule: RULES.required, args: [] }];
  return Object.entries(e.constraints).map(([name, message]) => {
    const rule = RULES[name] ?? FALLBACK;
    const vi = (e.contexts?.[name] as { vi?: unknown } | undefined)?.vi;
    return {
      rule,
      args: constraintArgs(e.target, e.property, name),
      own: typeof vi === 'string' ? { en: message, vi } : undefined,
    };
  });
}

function collect(errors: ValidationError[], prefix: string, into: Map<string, Candidate[]>): void {
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const found = candidates(e);
    if (found.length) into.set(field, [...(into.get(field) ?? []), ...found]);
    collect(e.children ?? [], field, into);
  }
}

/** The constraint name under which the text rule's finding joins class-validator's errors. */
export function textConstraint(finding: TextFinding): string {
  return finding.problem === 'CONTROL_CHARACTER' && finding.multiline
    ? 'CONTROL_CHARACTER_MULTILINE'
    : finding.problem;
}

/** One entry per field (nested paths joined with dots), with the field's most telling problem. */
export function toFieldErrors(errors: ValidationError[]): FieldError[] {
  const byField = new Map<string, Candidate[]>();
  collect(errors, '', byField);
  return [...byField].map(([field, found]) => {
    const best = found.reduce((a, b) => (b.rule.rank < a.rule.rank ? b : a));
    return {
      field,
      code: best.rule.code,
      messages: [best.own?.en ?? best.rule.en(best.args)],
      messagesVi: [best.own?.vi ?? best.rule.vi(best.args)],
    };
  });
}

/** The top-level messages of a VALIDATION_FAILED answer, naming each field with its problem. */
export function validationMessages(fields: FieldError[]): { message: string; messageVi: string } {
  return {
    message: `Invalid input: ${fields.map((f) => `${f.field} ${f.messages[0]}`).join('; ')}`,
    messageVi: `Dữ liệu không hợp lệ: ${fields.map((f) => `${f.field} ${f.messagesVi[0]}`).join('; ')}`,
  };
}
