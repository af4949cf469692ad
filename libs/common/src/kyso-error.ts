/**
 * What kind of failure an error is, independent of transport: the HTTP filter maps it to a status code,
 * the CLI to an exit code. Domain libraries set it; they never know about HTTP.
 */
export type ErrorKind =
  | 'invalid-input'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'too-large'
  | 'rate-limited'
  | 'unavailable'
  | 'failed';

/**
 * The HTTP status each kind answers with, for every HTTP transport (the API and the token agent): one table, so the
 * same failure never gets two statuses. `failed` is 422: the request was understood but the work could not be done.
 */
export const HTTP_STATUS_OF_KIND: Readonly<Record<ErrorKind, number>> = {
  'invalid-input': 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'too-large': 413,
  'rate-limited': 429,
  unavailable: 503,
  failed: 422,
};

/**
 * Base of every error a kyso library throws on purpose: a stable code, the kind it declares, an English
 * message and a Vietnamese one. Transports map `kind`; they never read meaning into the code's spelling.
 * Messages say what is wrong, never which CLI flag or environment variable fixes it: each edge adds that.
 */
export class KysoError extends Error {
  constructor(
    readonly code: string,
    readonly kind: ErrorKind,
    message: string,
    readonly messageVi: string,
    readonly details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
  }
}

/** A message of a code: fixed, or built from the error's details. */
export type ErrorText = string | ((details: Readonly<Record<string, unknown>>) => string);

/** What one code of a library error is: its kind and its English and Vietnamese messages. */
export interface ErrorSpec {
  readonly kind: ErrorKind;
  readonly en: ErrorText;
  readonly vi: ErrorText;
}

export interface ErrorSuffix {
  /** Appended to the English message (and to the Vietnamese one unless `vi` is given). */
  readonly en?: string;
  readonly vi?: string;
}

/** The per-code lookup of one library error, made by `codedErrors`. */
export interface CodedErrors<C extends string> {
  /** The kind, English and Vietnamese message of `code`, in the order `KysoError`'s constructor takes them. */
  describe(
    code: C,
    suffix?: ErrorSuffix,
    details?: Readonly<Record<string, unknown>>,
  ): [kind: ErrorKind, message: string, messageVi: string];
}

/**
 * Declares every code of one library error once: its kind and messages. The `Record` makes a code without
 * a declared kind a compile error, so no transport ever has to guess one.
 */
export function codedErrors<C extends string>(table: Readonly<Record<C, ErrorSpec>>): CodedErrors<C> {
  return {
    describe(code, suffix = {}, details = {}) {
      const spec = table[code];
      const text = (t: ErrorText) => (typeof t === 'string' ? t : t(details));
      return [spec.kind, text(spec.en) + (suffix.en ?? ''), text(spec.vi) + (suffix.vi ?? suffix.en ?? '')];
    },
  };
}

/**
 * The `reason` (and Vietnamese `reasonVi`) a domain error's details may carry, as message suffixes
 * ": reason": the convention of the documents, org and archive errors.
 */
export function reasonSuffix(details?: Readonly<Record<string, unknown>>): ErrorSuffix {
  const en = typeof details?.reason === 'string' ? `: ${details.reason}` : undefined;
  const vi = typeof details?.reasonVi === 'string' ? `: ${details.reasonVi}` : en;
  return { en, vi };
}
