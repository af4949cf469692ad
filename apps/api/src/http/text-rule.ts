/**
 * The rule every text value that reaches the API obeys, whatever the field: no control characters (PostgreSQL
 * cannot store NUL, and none of kyso's texts needs the others) and nothing that stands for bytes that were not
 * UTF-8. Fields marked {@link MultilineText} may also hold line breaks and tabs.
 */
export type TextProblem = 'CONTROL_CHARACTER' | 'INVALID_UTF8';

// C0 controls, DEL and C1 controls; the multi-line variant spares \t (09), \n (0A) and \r (0D).
/* eslint-disable no-control-regex -- matching control characters is the point */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROL_MULTILINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/* eslint-enable no-control-regex */
// U+FFFD is what the JSON, multipart and query decoders put where the bytes were not UTF-8; a lone surrogate
// (a JSON "\ud800" escape) has no UTF-8 form at all.
const NOT_UTF8 = /\ufffd|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function textProblem(value: string, multiline = false): TextProblem | undefined {
  if ((multiline ? CONTROL_MULTILINE : CONTROL).test(value)) return 'CONTROL_CHARACTER';
  if (NOT_UTF8.test(value)) return 'INVALID_UTF8';
  return undefined;
}

const MULTILINE = new WeakMap<object, Set<string>>();

/** Marks a text property that may span lines (trích yếu, notes, a two-line signer title). */
export function MultilineText(): PropertyDecorator {
  return (prototype, property) => {
    const names = MULTILINE.get(prototype) ?? new Set<string>();
    names.add(String(property));
    MULTILINE.set(prototype, names);
  };
}

function isMultiline(owner: object, property: string): boolean {
  for (let p: object | null = Object.getPrototypeOf(owner); p && p !== Object.prototype;) {
    if (MULTILINE.get(p)?.has(property)) return true;
    p = Object.getPrototypeOf(p) as object | null;
  }
  return false;
}

export interface TextFinding {
  /** Property path, e.g. `['recipients', '0', 'name']`. */
  path: string[];
  problem: TextProblem;
  multiline: boolean;
  value: string;
}

/** Every string in a value (a DTO instance with its nested objects, arrays and maps, keys included). */
export function findTextProblems(value: unknown, path: string[] = [], multiline = false): TextFinding[] {
  if (typeof value === 'string') {
    const problem = textProblem(value, multiline);
    return problem ? [{ path, problem, multiline, value }] : [];
  }
  if (Array.isArray(value))
    return value.flatMap((item, i) => findTextProblems(item, [...path, String(i)], multiline));
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value) || value instanceof Date)
    return [];
  return Object.entries(value).flatMap(([key, item]) => {
    const keyProblem = textProblem(key);
    if (keyProblem) return [{ path: [...path, key], problem: keyProblem, multiline: false, value: key }];
    return findTextProblems(item, [...path, key], isMultiline(value, key));
  });
}
