import { type ErrorKind, KysoError } from '@kyso/common';

/** Exit codes of the `kyso` command. `verify` adds its own (0 passed, 1 failed, 2 indeterminate). */
export const EXIT = {
  OK: 0,
  FAILED: 1,
  INDETERMINATE: 2,
  USAGE: 3,
  UNAVAILABLE: 4,
  INTERNAL: 70,
} as const;

/** A usage or input problem found by the CLI itself. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.USAGE,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

const KIND_EXIT: Record<ErrorKind, number> = {
  'invalid-input': EXIT.USAGE,
  unauthenticated: EXIT.FAILED,
  forbidden: EXIT.FAILED,
  'not-found': EXIT.USAGE,
  conflict: EXIT.FAILED,
  'too-large': EXIT.USAGE,
  'rate-limited': EXIT.UNAVAILABLE,
  unavailable: EXIT.UNAVAILABLE,
  failed: EXIT.FAILED,
};

/**
 * What the user of the `kyso` command does about a library error, by error code: the flag (or the setting it
 * falls back to) that fixes it. Libraries never name flags; the CLI adds them here.
 */
const CLI_HINTS: Readonly<Record<string, string>> = {
  TSA_REQUIRED: '--tsa URL',
  ARCHIVE_TSA_REQUIRED: '--tsa URL or KYSO_TSA_URL',
  KEY_CERTIFICATE_MISMATCH: '--cert FILE',
  VERIFICATION_BATCH_LOCAL_FILES_REQUIRED: 'KYSO_STORAGE=local',
  DATABASE_UNAVAILABLE: 'DATABASE_URL',
};

/** One readable line (Vietnamese first) and the exit code for an error. */
export function describeError(err: unknown, lang: 'vi' | 'en' = 'vi'): { line: string; exitCode: number } {
  if (err instanceof CliError) return { line: err.message, exitCode: err.exitCode };
  if (err instanceof KysoError) {
    const text = lang === 'vi' ? `${err.messageVi} (${err.message})` : err.message;
    const hint = Object.hasOwn(CLI_HINTS, err.code) ? ` (${CLI_HINTS[err.code]})` : '';
    return { line: `${err.code}: ${text}${hint}`, exitCode: KIND_EXIT[err.kind] };
  }
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return { line: `file not found: ${e.path ?? e.message}`, exitCode: EXIT.USAGE };
  if (e?.code === 'EACCES')
    return { line: `permission denied: ${e.path ?? e.message}`, exitCode: EXIT.USAGE };
  return { line: `internal error: ${(err as Error)?.message ?? String(err)}`, exitCode: EXIT.INTERNAL };
}
