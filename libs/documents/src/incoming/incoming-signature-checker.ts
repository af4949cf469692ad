/** Outcome of checking the signatures of a received file; stored with the file and shown to the clerk. */
export type SignatureCheckStatus = 'not-checked' | 'valid' | 'invalid' | 'indeterminate' | 'unsigned';

export interface SignatureCheckResult {
  status: SignatureCheckStatus;
  /** The validator's report (ETSI indications, signers, …) or why nothing was checked. */
  report: Record<string, unknown>;
}

/**
 * The port through which incoming registration checks authenticity and integrity (Decree 30: verify before
 * registering). The API plugs in the PAdES validator (apps/api/src/domain/pades-incoming-checker.ts); where none
 * is configured (tests of other concerns), `notCheckedSignatures` records honestly that nothing was verified.
 */
export interface IncomingSignatureChecker {
  check(file: { bytes: Buffer; sha256: string; fileName: string }): Promise<SignatureCheckResult>;
}

export const notCheckedSignatures: IncomingSignatureChecker = {
  check: async () => ({ status: 'not-checked', report: { reason: 'no signature validator is configured' } }),
};
