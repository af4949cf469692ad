/**
 * When an archive timestamp stops protecting a document. A timestamp proves the document existed unchanged only as
 * long as its TSA certificate is valid and its algorithms are still trusted; before the earliest of those dates a new
 * timestamp must cover the old one (PAdES B-LTA renewal, RFC 4998 renewal).
 */
export interface ArchivePolicy {
  /** Renew this many days before protection ends (ETSI TS 119 511 leaves the margin to the service). */
  renewalMarginDays: number;
  /** Last day a digest algorithm is trusted for new proofs; absent: no end announced. */
  digestSunset: Readonly<Record<string, string | undefined>>;
  /** Last day an RSA key of fewer than `bits` bits is trusted, strongest rule last. */
  rsaSunset: ReadonlyArray<{ belowBits: number; until: string; source: string }>;
}

/**
 * Defaults: SHA-1 is no longer accepted for proofs (SOG-IS, ETSI TS 119 312); RSA keys below 3072 bits give 112-bit
 * security, acceptable until the end of 2030 (NIST SP 800-57 Part 1 Rev. 5); SHA-2 has no announced end.
 */
export const DEFAULT_ARCHIVE_POLICY: ArchivePolicy = {
  renewalMarginDays: 180,
  digestSunset: { sha1: '2016-01-01', md5: '2005-01-01' },
  rsaSunset: [
    { belowBits: 2048, until: '2016-12-31', source: 'RSA < 2048 (ETSI TS 119 312)' },
    {
      belowBits: 3072,
      until: '2030-12-31',
      source: 'RSA < 3072 (NIST SP 800-57: 112-bit security until 2030)',
    },
  ],
};

/** The end of a calendar day `YYYY-MM-DD` as an instant (UTC, end of day). */
export function endOfDay(day: string): Date {
  return new Date(`${day}T23:59:59.999Z`);
}
