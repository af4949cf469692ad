/** CK_TOKEN_INFO.flags bits, PKCS#11 v2.40 §5.2 table 14. */
const TOKEN_FLAG_BITS = {
  rng: 0x1,
  writeProtected: 0x2,
  loginRequired: 0x4,
  userPinInitialized: 0x8,
  restoreKeyNotNeeded: 0x20,
  clockOnToken: 0x40,
  protectedAuthenticationPath: 0x100,
  dualCryptoOperations: 0x200,
  tokenInitialized: 0x400,
  secondaryAuthentication: 0x800,
  userPinCountLow: 0x10000,
  userPinFinalTry: 0x20000,
  userPinLocked: 0x40000,
  userPinToBeChanged: 0x80000,
  soPinCountLow: 0x100000,
  soPinFinalTry: 0x200000,
  soPinLocked: 0x400000,
  soPinToBeChanged: 0x800000,
  errorState: 0x1000000,
} as const;

export type TokenFlagName = keyof typeof TOKEN_FLAG_BITS;
export type TokenFlags = Readonly<Record<TokenFlagName, boolean>>;

export function decodeTokenFlags(flags: number): TokenFlags {
  const decoded = {} as Record<TokenFlagName, boolean>;
  for (const [name, bit] of Object.entries(TOKEN_FLAG_BITS) as [TokenFlagName, number][]) {
    // `>>> 0` keeps the test unsigned for bit 31 and above-31-bit vendor flags truncated by pkcs11js.
    decoded[name] = ((flags >>> 0) & bit) !== 0;
  }
  return Object.freeze(decoded);
}

/**
 * What a PIN's retry counter says, from most to least severe. Tokens only report these coarse
 * states, never the number of tries left.
 */
export type PinCounterState = 'locked' | 'finalTry' | 'countLow' | 'ok';

export interface PinCounters {
  readonly user: PinCounterState;
  readonly so: PinCounterState;
  /** The token demands a PIN change before use (factory PIN, or reset by the SO). */
  readonly userPinToBeChanged: boolean;
}

export function pinCountersOf(flags: TokenFlags): PinCounters {
  const state = (locked: boolean, finalTry: boolean, countLow: boolean): PinCounterState =>
    locked ? 'locked' : finalTry ? 'finalTry' : countLow ? 'countLow' : 'ok';
  return {
    user: state(flags.userPinLocked, flags.userPinFinalTry, flags.userPinCountLow),
    so: state(flags.soPinLocked, flags.soPinFinalTry, flags.soPinCountLow),
    userPinToBeChanged: flags.userPinToBeChanged,
  };
}
