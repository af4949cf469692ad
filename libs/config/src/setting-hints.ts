/**
 * The setting that fixes a library error, by error code. Libraries say what is missing ("a timestamp authority
 * is needed") and never name a setting; the API and the worker, which are configured through the environment,
 * add the hint from here to what they answer and log. The CLI has its own table: it names its flags.
 */
const SETTING_HINTS: Readonly<Record<string, string>> = {
  TSA_REQUIRED: 'KYSO_TSA_URL',
  ARCHIVE_TSA_REQUIRED: 'KYSO_TSA_URL',
  VERIFICATION_BATCH_LOCAL_FILES_REQUIRED: 'KYSO_STORAGE=local',
  DATABASE_UNAVAILABLE: 'DATABASE_URL',
};

/** The environment variable (or assignment) an operator sets to fix the error with this code, if any. */
export function settingHint(code: string): string | undefined {
  return Object.hasOwn(SETTING_HINTS, code) ? SETTING_HINTS[code] : undefined;
}
