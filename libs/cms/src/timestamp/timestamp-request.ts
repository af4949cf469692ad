import { randomBytes } from 'node:crypto';
import { CmsError, CmsErrorCode } from '../cms-error';
import { boolean, integer, octetString, oid, sequence, unsignedInteger } from '../asn1/der-writer';
import { digestAlgorithmInfo, encodeDigestAlgorithmIdentifier } from '../algorithms/digest-algorithm';
import { MessageImprint } from './timestamp-provider';

export interface TimeStampRequestParams {
  readonly messageImprint: MessageImprint;
  /** TSA policy OID to ask for. */
  readonly policy?: string;
  /** Nonce bytes (unsigned, big-endian); see {@link generateNonce}. */
  readonly nonce?: Uint8Array;
  /** Ask the TSA to include its certificate in the token (kyso always does: validators need it). */
  readonly certReq?: boolean;
}

/** 64 random bits, top bit cleared so the INTEGER needs no sign octet. */
export function generateNonce(): Buffer {
  const nonce = randomBytes(8);
  nonce[0] = (nonce[0] & 0x7f) | 0x01;
  return nonce;
}

/** DER TimeStampReq (RFC 3161 2.4.1). The imprint AlgorithmIdentifier carries NULL parameters, as OpenSSL writes. */
export function encodeTimeStampRequest(params: TimeStampRequestParams): Buffer {
  const { algorithm, digest } = params.messageImprint;
  if (digest.length !== digestAlgorithmInfo(algorithm).length) {
    throw new CmsError(CmsErrorCode.InvalidArgument, `message imprint is not a ${algorithm} digest`);
  }
  return sequence(
    integer(1),
    sequence(encodeDigestAlgorithmIdentifier(algorithm, true), octetString(digest)),
    ...(params.policy ? [oid(params.policy)] : []),
    ...(params.nonce ? [unsignedInteger(params.nonce)] : []),
    ...(params.certReq ? [boolean(true)] : []),
  );
}
