/**
 * Main indications of ETSI EN 319 102-1 (v1.4.1, clause 5.1.3): the one-word answer for a signature.
 */
export type Indication = 'TOTAL_PASSED' | 'TOTAL_FAILED' | 'INDETERMINATE';

/** Sub-indications that go with TOTAL_FAILED (ETSI EN 319 102-1 table 5). */
export type FailedSubIndication =
  'FORMAT_FAILURE' | 'HASH_FAILURE' | 'SIG_CRYPTO_FAILURE' | 'REVOKED' | 'EXPIRED' | 'NOT_YET_VALID';

/** Sub-indications that go with INDETERMINATE (ETSI EN 319 102-1 table 5, the ones kyso can reach). */
export type IndeterminateSubIndication =
  | 'SIG_CONSTRAINTS_FAILURE'
  | 'CHAIN_CONSTRAINTS_FAILURE'
  | 'CERTIFICATE_CHAIN_GENERAL_FAILURE'
  | 'CRYPTO_CONSTRAINTS_FAILURE_NO_POE'
  | 'NO_SIGNING_CERTIFICATE_FOUND'
  | 'NO_CERTIFICATE_CHAIN_FOUND'
  | 'REVOKED_NO_POE'
  | 'REVOKED_CA_NO_POE'
  | 'OUT_OF_BOUNDS_NO_POE'
  | 'OUT_OF_BOUNDS_NOT_REVOKED'
  | 'TIMESTAMP_ORDER_FAILURE'
  | 'NO_POE'
  | 'TRY_LATER'
  | 'SIGNED_DATA_NOT_FOUND';

export type SubIndication = FailedSubIndication | IndeterminateSubIndication;

/** An indication with its sub-indication; TOTAL_PASSED never has one. */
export type IndicationWithSub =
  | { readonly indication: 'TOTAL_PASSED'; readonly subIndication: null }
  | { readonly indication: 'TOTAL_FAILED'; readonly subIndication: FailedSubIndication }
  | { readonly indication: 'INDETERMINATE'; readonly subIndication: IndeterminateSubIndication };

export const PASSED: IndicationWithSub = { indication: 'TOTAL_PASSED', subIndication: null };

export function failed(subIndication: FailedSubIndication): IndicationWithSub {
  return { indication: 'TOTAL_FAILED', subIndication };
}

export function indeterminate(subIndication: IndeterminateSubIndication): IndicationWithSub {
  return { indication: 'INDETERMINATE', subIndication };
}

/** Severity order used when several checks conclude: the worst one wins. */
const RANK: Record<Indication, number> = { TOTAL_PASSED: 0, INDETERMINATE: 1, TOTAL_FAILED: 2 };

/** The worse of two conclusions; on a tie the first one is kept (checks run in ETSI order). */
export function worse(a: IndicationWithSub, b: IndicationWithSub): IndicationWithSub {
  return RANK[b.indication] > RANK[a.indication] ? b : a;
}

export function worstIndication(values: Iterable<Indication>): Indication {
  let out: Indication = 'TOTAL_PASSED';
  for (const v of values) if (RANK[v] > RANK[out]) out = v;
  return out;
}
