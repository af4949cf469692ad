export { Pkcs11Module, type LocatedToken, type Pkcs11ModuleInfo } from './pkcs11-module';
export { TokenSession, type OpenTokenOptions, type SignOptions } from './token-session';
export { SessionPool, type SessionPoolOptions } from './session-pool';
export { Secret } from './secret';
export { Pkcs11Error, Pkcs11ErrorCode, type Pkcs11ErrorOptions } from './pkcs11.error';
export { ckrOf, isSessionLost, toPkcs11Error } from './native-error';
export type { Pkcs11Native } from './pkcs11-native';
export { type SlotDescription, type TokenDescription, type TokenSelector } from './token-description';
export {
  decodeTokenFlags,
  pinCountersOf,
  type PinCounterState,
  type PinCounters,
  type TokenFlags,
} from './token-flags';
export type { KeyQuery, ObjectClass, TokenKey, TokenObject } from './token-objects';
export {
  SIGN_MECHANISMS,
  chooseSignMechanism,
  signMechanismSpec,
  type KeyType,
  type SignatureRequest,
  type SignatureScheme,
  type SignMechanism,
  type SignMechanismSpec,
} from './sign-mechanism';
export { HASH_ALGORITHMS, type HashAlgorithm } from './hash-algorithm';
export { encodeDigestInfo } from './digest-info';
export { ecdsaRawToDer } from './ecdsa-signature';
export { curveOfEcParams, ecPublicKeyFrom, rsaPublicKeyFrom, type EcCurveName } from './public-key';
export { measureRawSignRate, type RawSignRate, type RawSignRateOptions } from './bench-raw-sign';
