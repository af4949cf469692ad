import { createPrivateKey, KeyObject, randomBytes, sign, verify } from 'node:crypto';
import { fromBase64url, toBase64url } from './base64url';
import {
  AGENT_AUDIENCE,
  DEFAULT_CLOCK_TOLERANCE_SECONDS,
  REQUEST_TOKEN_ALG,
  REQUEST_TOKEN_TYPE,
} from './constants';
import { canonicalOrigin } from './origin';
import { claimsProblem, lifetimeWithinLimit, type RequestClaims } from './request-claims';
import { RequestTokenError, RequestTokenErrorCode as Code } from './request-token.error';
import { isP256Key, type PinnedServerKey, publicKeyId } from './server-key';

/** Claims as the server supplies them; the audience, times and id are filled in when omitted. */
export type RequestClaimsInput = Omit<RequestClaims, 'aud' | 'iat' | 'exp' | 'jti'> &
  Partial<Pick<RequestClaims, 'aud' | 'iat' | 'exp' | 'jti'>>;

export interface CreateRequestTokenOptions {
  now?: Date | number;
  /** Default 120 s; at most 300 s. */
  lifetimeSeconds?: number;
}

export interface VerifyRequestTokenOptions {
  /** The Origin header of the browser request that carried the token. */
  expectedOrigin: string;
  now?: Date | number;
  clockToleranceSeconds?: number;
}

export interface RequestTokenHeader {
  alg: typeof REQUEST_TOKEN_ALG;
  typ: typeof REQUEST_TOKEN_TYPE;
  kid: string;
}

const DEFAULT_LIFETIME_SECONDS = 120;
/** A real token is well under 2 KiB; refusing large input early bounds the work an attacker can cause. */
const MAX_TOKEN_LENGTH = 8192;
const P1363_SIGNATURE_LENGTH = 64;

function seconds(now: Date | number | undefined): number {
  const ms = now === undefined ? Date.now() : typeof now === 'number' ? now : now.getTime();
  return Math.floor(ms / 1000);
}

function encodeJson(value: unknown): string {
  return toBase64url(Buffer.from(JSON.stringify(value), 'utf8'));
}

function decodeJson(part: string): unknown {
  const bytes = fromBase64url(part);
  if (bytes === undefined) return undefined;
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Mints a request token: a compact JWS (RFC 7515) signed with ES256, whose `kid` is the key's
 * SPKI fingerprint. Invalid claims throw, so the server cannot issue a token the agent would refuse.
 */
export function createRequestToken(
  privateKey: KeyObject | string,
  claims: RequestClaimsInput,
  options: CreateRequestTokenOptions = {},
): string {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  if (key.type !== 'private' || !isP256Key(key)) {
    throw new TypeError('the agent request key must be an ECDSA P-256 private key');
  }
  const iat = claims.iat ?? seconds(options.now);
  const full: RequestClaims = {
    iss: claims.iss,
    aud: claims.aud ?? AGENT_AUDIENCE,
    sub: claims.sub,
    sid: claims.sid,
    doc: { ...claims.doc },
    tbsHash: claims.tbsHash,
    alg: claims.alg,
    certSha256: claims.certSha256,
    iat,
    exp: claims.exp ?? iat + (options.lifetimeSeconds ?? DEFAULT_LIFETIME_SECONDS),
    jti: claims.jti ?? toBase64url(randomBytes(18)),
  };
  const problem = claimsProblem(full);
  if (problem) throw new RequestTokenError(Code.MALFORMED, problem);
  if (full.aud !== AGENT_AUDIENCE) throw new RequestTokenError(Code.WRONG_AUDIENCE, `aud ${full.aud}`);
  if (!lifetimeWithinLimit(full))
    throw new RequestTokenError(Code.LIFETIME_TOO_LONG, `${full.exp - full.iat} s`);
  const header: RequestTokenHeader = {
    alg: REQUEST_TOKEN_ALG,
    typ: REQUEST_TOKEN_TYPE,
    kid: publicKeyId(key),
  };
  const signingInput = `${encodeJson(header)}.${encodeJson(full)}`;
  const signature = sign('sha256', Buffer.from(signingInput, 'ascii'), { key, dsaEncoding: 'ieee-p1363' });
  return `${signingInput}.${toBase64url(signature)}`;
}

/**
 * Verifies a request token for the agent. Order matters: the header is checked before any key is
 * chosen (so `alg: none` or HS256 never reach a verifier), and no claim is trusted before the signature
 * verifies with a key pinned for the very origin that sent the request.
 */
export function verifyRequestToken(
  token: string,
  pinnedKeys: readonly PinnedServerKey[],
  options: VerifyRequestTokenOptions,
): RequestClaims {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) {
    throw new RequestTokenError(Code.MALFORMED, 'not a compact JWS');
  }
  const parts = token.split('.');
  if (parts.length !== 3) throw new RequestTokenError(Code.MALFORMED, 'not a compact JWS');
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];

  const header = decodeJson(headerPart) as Partial<Record<string, unknown>> | undefined;
  if (typeof header !== 'object' || header === null)
    throw new RequestTokenError(Code.MALFORMED, 'bad header');
  if (header.alg !== REQUEST_TOKEN_ALG)
    throw new RequestTokenError(Code.UNSUPPORTED_ALGORITHM, `alg ${String(header.alg)}`);
  if (header.typ !== REQUEST_TOKEN_TYPE)
    throw new RequestTokenError(Code.UNSUPPORTED_ALGORITHM, `typ ${String(header.typ)}`);
  // No extension this verifier understands exists, so any critical one must be refused (RFC 7515 §4.1.11).
  if ('crit' in header) throw new RequestTokenError(Code.UNSUPPORTED_ALGORITHM, 'crit header');
  if (typeof header.kid !== 'string') throw new RequestTokenError(Code.MALFORMED, 'kid is missing');

  const origin = canonicalOrigin(options.expectedOrigin);
  const key = pinnedKeys.find((k) => k.origin === origin && k.keyId === header.kid);
  if (origin === undefined || key === undefined) {
    throw new RequestTokenError(Code.UNKNOWN_KEY, `kid ${header.kid} for ${options.expectedOrigin}`);
  }

  const signature = fromBase64url(signaturePart);
  if (signature === undefined || signature.length !== P1363_SIGNATURE_LENGTH) {
    throw new RequestTokenError(Code.BAD_SIGNATURE, 'signature is not 64 bytes r||s');
  }
  const signingInput = Buffer.from(`${headerPart}.${payloadPart}`, 'ascii');
  if (!verify('sha256', signingInput, { key: key.publicKey, dsaEncoding: 'ieee-p1363' }, signature)) {
    throw new RequestTokenError(Code.BAD_SIGNATURE);
  }

  const claims = decodeJson(payloadPart);
  const problem = claimsProblem(claims);
  if (problem) throw new RequestTokenError(Code.MALFORMED, problem);
  const c = claims as RequestClaims;
  if (c.aud !== AGENT_AUDIENCE) throw new RequestTokenError(Code.WRONG_AUDIENCE, `aud ${c.aud}`);
  if (c.iss !== origin) throw new RequestTokenError(Code.WRONG_ISSUER, `iss ${c.iss}, origin ${origin}`);
  if (!lifetimeWithinLimit(c)) throw new RequestTokenError(Code.LIFETIME_TOO_LONG, `${c.exp - c.iat} s`);
  const now = seconds(options.now);
  const tolerance = options.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS;
  if (now > c.exp + tolerance) throw new RequestTokenError(Code.EXPIRED, `exp ${c.exp}, now ${now}`);
  if (c.iat > now + tolerance) throw new RequestTokenError(Code.NOT_YET_VALID, `iat ${c.iat}, now ${now}`);
  return {
    iss: c.iss,
    aud: c.aud,
    sub: c.sub,
    sid: c.sid,
    doc: {
      id: c.doc.id,
      title: c.doc.title,
      version: c.doc.version,
      ...(c.doc.numberSymbol === undefined ? {} : { numberSymbol: c.doc.numberSymbol }),
    },
    tbsHash: c.tbsHash,
    alg: c.alg,
    certSha256: c.certSha256,
    iat: c.iat,
    exp: c.exp,
    jti: c.jti,
  };
}
