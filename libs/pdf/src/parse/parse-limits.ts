/** Bounds that keep hostile files from exhausting memory, stack or time. */
export interface ParseLimits {
  /** Nesting of arrays and dictionaries inside one object. */
  readonly maxNestingDepth: number;
  /** Size of one object's text (not counting stream data). */
  readonly maxObjectBytes: number;
  /** Size of one decoded stream (object streams, xref streams, DSS entries). */
  readonly maxDecodedStreamBytes: number;
  /** Number of cross-reference sections in the /Prev chain. */
  readonly maxXrefSections: number;
  /** Highest object number accepted in a cross-reference section. */
  readonly maxObjectNumber: number;
  /** Chained indirect lookups (a /Length that points into an object stream whose /Length is indirect...). */
  readonly maxResolveDepth: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = {
  maxNestingDepth: 200,
  maxObjectBytes: 64 * 1024 * 1024,
  maxDecodedStreamBytes: 256 * 1024 * 1024,
  maxXrefSections: 10_000,
  maxObjectNumber: 10_000_000,
  maxResolveDepth: 32,
};
