import { fromBase64url } from './base64url';
import { AGENT_AUDIENCE, MAX_REQUEST_TOKEN_LIFETIME_SECONDS } from './constants';
import { isCanonicalOrigin } from './origin';

/** Digest algorithms the server may ask for (Circular 15/2025/TT-BKHCN: the SHA-2 family). */
export type DigestAlgorithm = 'sha256' | 'sha384' | 'sha512';
export const DIGEST_ALGORITHMS: readonly DigestAlgorithm[] = ['sha256', 'sha384', 'sha512'];

/** What the leader is about to sign, shown by the agent before it uses the token. */
export interface DocumentSummary {
  id: string;
  title: string;
  /** Số, ký hiệu — e.g. `15/QĐ-UBND`; absent before the clerk assigns a number. */
  numberSymbol?: string;
  version: number;
}

/**
 * Payload of the request token: the kyso server's authorisation for exactly one signature by one
 * certificate over one set of signed attributes, valid for a few minutes.
 */
export interface RequestClaims {
  /** Origin of the kyso server (and of the page that carries the token). */
  iss: string;
  aud: typeof AGENT_AUDIENCE;
  /** kyso user id of the leader. */
  sub: string;
  /** Signing session id on the server. */
  sid: string;
  doc: DocumentSummary;
  /** base64url(SHA-256(toBeSigned)): binds the token to the exact DER signed attributes. */
  tbsHash: string;
  /** Digest algorithm the token must apply to toBeSigned before signing. */
  alg: DigestAlgorithm;
  /** base64url(SHA-256(certificate DER)) of the certificate the server built the signed attributes for. */
  certSha256: string;
  iat: number;
  exp: number;
  /** Unique id; the agent accepts each jti once. */
  jti: string;
}

const SHA256_B64URL_LENGTH = 43;
const JTI = /^[A-Za-z0-9_-]{16,128}$/;
const MAX_TEXT = 1000;

function isText(value: unknown, max = MAX_TEXT): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= max;
}

function isSha256(value: unknown): value is string {
  return (
    typeof value === 'string' && value.length === SHA256_B64URL_LENGTH && fromBase64url(value)?.length === 32
  );
}

function isSeconds(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/**
 * Checks the shape of decoded claims; returns the first problem as text, or undefined when well formed.
 * The audience is checked separately so that a wrong `aud` gets its own error code.
 */
export function claimsProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'claims are not a JSON object';
  const c = value as Record<string, unknown>;
  if (!isCanonicalOrigin(c.iss)) return 'iss is not an origin';
  if (typeof c.aud !== 'string') return 'aud is missing';
  if (!isText(c.sub, 200)) return 'sub is missing';
  if (!isText(c.sid, 200)) return 'sid is missing';
  const doc = c.doc as Record<string, unknown> | undefined;
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return 'doc is missing';
  if (!isText(doc.id, 200)) return 'doc.id is missing';
  if (!isText(doc.title)) return 'doc.title is missing';
  if (doc.numberSymbol !== undefined && !isText(doc.numberSymbol, 200)) return 'doc.numberSymbol is not text';
  if (typeof doc.version !== 'number' || !Number.isSafeInteger(doc.version) || doc.version < 0) {
    return 'doc.version is not a non-negative integer';
  }
  if (!isSha256(c.tbsHash)) return 'tbsHash is not a base64url SHA-256';
  if (!DIGEST_ALGORITHMS.includes(c.alg as DigestAlgorithm)) return 'alg is not sha256, sha384 or sha512';
  if (!isSha256(c.certSha256)) return 'certSha256 is not a base64url SHA-256';
  if (!isSeconds(c.iat)) return 'iat is not a NumericDate';
  if (!isSeconds(c.exp)) return 'exp is not a NumericDate';
  if (c.exp <= c.iat) return 'exp is not after iat';
  if (typeof c.jti !== 'string' || !JTI.test(c.jti)) return 'jti is not 16-128 base64url characters';
  return undefined;
}

/** True when the token's validity window is within the protocol's limit. */
export function lifetimeWithinLimit(claims: Pick<RequestClaims, 'iat' | 'exp'>): boolean {
  return claims.exp - claims.iat <= MAX_REQUEST_TOKEN_LIFETIME_SECONDS;
}
