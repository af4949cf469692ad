/** CRLReason (RFC 5280 5.3.1); value 7 is unused. */
export type CrlReason =
  | 'unspecified'
  | 'keyCompromise'
  | 'cACompromise'
  | 'affiliationChanged'
  | 'superseded'
  | 'cessationOfOperation'
  | 'certificateHold'
  | 'removeFromCRL'
  | 'privilegeWithdrawn'
  | 'aACompromise';

const REASONS: readonly (CrlReason | undefined)[] = [
  'unspecified',
  'keyCompromise',
  'cACompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'certificateHold',
  undefined,
  'removeFromCRL',
  'privilegeWithdrawn',
  'aACompromise',
];

/** Reason name for a code; unknown codes read as 'unspecified' rather than failing the whole response. */
export function crlReasonName(code: number): CrlReason {
  return REASONS[code] ?? 'unspecified';
}
