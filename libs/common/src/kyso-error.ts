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

/** Base for kyso's domain errors: a stable code, a user-facing Vietnamese message and an English one. */
export class KysoError extends Error {
  constructor(
    readonly code: string,
    readonly kind: ErrorKind,
    message: string,
    readonly messageVi: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Errors from libraries that follow the same shape without extending KysoError (duck-typed). */
export interface CodedError {
  code: string;
  message: string;
  messageVi?: string;
  kind?: ErrorKind;
  details?: Record<string, unknown>;
}

export function isCodedError(err: unknown): err is CodedError {
  return (
    err instanceof Error &&
    typeof (err as { code?: unknown }).code === 'string' &&
    (typeof (err as { messageVi?: unknown }).messageVi === 'string' ||
      typeof (err as { kind?: unknown }).kind === 'string')
  );
}

/** Best guess of the kind from a code when a library did not say (e.g. `KEY_NOT_FOUND` → not-found). */
export function kindOf(err: CodedError): ErrorKind {
  if (err.kind) return err.kind;
  const c = err.code.toUpperCase();
  if (c.includes('NOT_FOUND')) return 'not-found';
  if (c.includes('UNAVAILABLE') || c.includes('TIMEOUT')) return 'unavailable';
  if (c.includes('CONFLICT') || c.includes('DUPLICATE') || c.includes('EXISTS')) return 'conflict';
  if (c.includes('TOO_LARGE')) return 'too-large';
  if (c.includes('FORBIDDEN') || c.includes('NOT_ALLOWED')) return 'forbidden';
  return 'invalid-input';
}
