import { createHash } from 'node:crypto';
import { toBase64url } from './base64url';

/** base64url(SHA-256(data)): the spelling of `tbsHash` and `certSha256` in request claims. */
export function sha256Base64url(data: Uint8Array): string {
  return toBase64url(createHash('sha256').update(data).digest());
}

/** `tbsHash` claim for the DER signed attributes the leader's token will sign. */
export function tbsHashOf(toBeSigned: Uint8Array): string {
  return sha256Base64url(toBeSigned);
}

/** `certSha256` claim: fingerprint of the signer certificate's DER encoding. */
export function certSha256Of(certificateDer: Uint8Array): string {
  return sha256Base64url(certificateDer);
}
