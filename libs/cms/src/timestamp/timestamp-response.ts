import { malformed } from '../cms-error';
import {
  childrenOf,
  expectSequence,
  isUniversal,
  rawOf,
  readRootAllowingZeroPadding,
  UniversalTag,
} from '../asn1/der-reader';
import { readBitString, readSmallInt, readString } from '../asn1/der-values';

/** PKIStatus values (RFC 3161 2.4.2). */
export const PKI_STATUS = [
  'granted',
  'grantedWithMods',
  'rejection',
  'waiting',
  'revocationWarning',
  'revocationNotification',
] as const;
export type PkiStatus = (typeof PKI_STATUS)[number] | 'unknown';

const FAILURE_BITS: Record<number, string> = {
  0: 'badAlg',
  2: 'badRequest',
  5: 'badDataFormat',
  14: 'timeNotAvailable',
  15: 'unacceptedPolicy',
  16: 'unacceptedExtension',
  17: 'addInfoNotAvailable',
  25: 'systemFailure',
};

export interface TimeStampResponse {
  readonly status: PkiStatus;
  readonly statusCode: number;
  readonly statusText: readonly string[];
  readonly failureInfo: readonly string[];
  /** DER ContentInfo of the token, when granted. */
  readonly tokenDer?: Buffer;
}

export function parseTimeStampResponse(der: Uint8Array): TimeStampResponse {
  const [statusInfo, token, extra] = expectSequence(
    readRootAllowingZeroPadding(der, 'TimeStampResp'),
    'TimeStampResp',
    3,
  );
  if (extra) throw malformed('TimeStampResp: unexpected field');
  const fields = expectSequence(statusInfo, 'PKIStatusInfo', 4);
  const statusCode = readSmallInt(fields[0], 'PKIStatus');
  const statusText: string[] = [];
  const failureInfo: string[] = [];
  for (const f of fields.slice(1)) {
    if (isUniversal(f, UniversalTag.Sequence)) {
      for (const s of childrenOf(f, 32)) statusText.push(readString(s));
    } else {
      const bits = readBitString(f, 'PKIFailureInfo');
      for (let bit = 0; bit < bits.bytes.length * 8; bit++) {
        if (bits.bytes[bit >> 3] & (0x80 >> (bit & 7))) failureInfo.push(FAILURE_BITS[bit] ?? `bit${bit}`);
      }
    }
  }
  return {
    status: PKI_STATUS[statusCode] ?? 'unknown',
    statusCode,
    statusText,
    failureInfo,
    tokenDer: token ? Buffer.from(rawOf(token)) : undefined,
  };
}
