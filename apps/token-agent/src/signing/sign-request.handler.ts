import { createHash, X509Certificate } from 'node:crypto';
import {
  AgentErrorCode,
  type AgentSignResponse,
  certSha256Of,
  fromBase64,
  isDerSet,
  type PinnedServerKey,
  type RequestClaims,
  tbsHashOf,
  verifyRequestToken,
} from '@kyso/agent-protocol';
import { Secret } from '@kyso/pkcs11';
import { AgentError } from '../agent-error';
import type { AgentLog } from '../logging/agent-log';
import type { TokenAccess } from '../tokens/token-access';
import type { ReplayGuard } from './replay-guard';

export interface SignRequestHandlerDeps {
  pinnedKeys: () => readonly PinnedServerKey[];
  tokens: TokenAccess;
  replay: ReplayGuard;
  log: AgentLog;
  now: () => Date;
  clockToleranceSeconds: number;
}

interface ParsedSignRequest {
  requestToken: string;
  toBeSigned: Buffer;
  certId: string;
  tokenSerial: string;
  pin?: Secret;
}

/** Signed attributes are a few KiB; anything much larger is not what kyso sends. */
const MAX_TBS_BYTES = 64 * 1024;
const HEX = /^[0-9a-f]{0,256}$/;

function badRequest(detail: string): AgentError {
  return new AgentError(AgentErrorCode.BAD_REQUEST, { detail });
}

/** Validates the body; the PIN goes straight into a Secret and the caller owns it from then on. */
function parseBody(body: unknown): ParsedSignRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw badRequest('body is not a JSON object');
  const b = body as Record<string, unknown>;
  if (typeof b.requestToken !== 'string') throw badRequest('requestToken is missing');
  if (typeof b.toBeSigned !== 'string') throw badRequest('toBeSigned is missing');
  const toBeSigned = fromBase64(b.toBeSigned);
  if (!toBeSigned || toBeSigned.length === 0 || toBeSigned.length > MAX_TBS_BYTES) {
    throw badRequest('toBeSigned is not base64 of at most 64 KiB');
  }
  if (typeof b.certId !== 'string' || !HEX.test(b.certId)) throw badRequest('certId is not lower-case hex');
  if (typeof b.tokenSerial !== 'string' || b.tokenSerial.length === 0 || b.tokenSerial.length > 64) {
    throw badRequest('tokenSerial is missing');
  }
  if (b.pin !== undefined && (typeof b.pin !== 'string' || b.pin.length === 0 || b.pin.length > 64)) {
    throw badRequest('pin must be 1-64 characters');
  }
  return {
    requestToken: b.requestToken,
    toBeSigned,
    certId: b.certId,
    tokenSerial: b.tokenSerial,
    ...(typeof b.pin === 'string' ? { pin: new Secret(b.pin) } : {}),
  };
}

/** Control characters would let a crafted title rewrite the console line the leader reads. */
function printable(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}]/gu, ' ');
}

export function signingSentence(claims: Pick<RequestClaims, 'doc' | 'tbsHash'>): string {
  const symbol = claims.doc.numberSymbol ? ` (${printable(claims.doc.numberSymbol)})` : '';
  return `Ký văn bản ${printable(claims.doc.title)}${symbol} — SHA-256 ${claims.tbsHash}`;
}

/**
 * `POST /v1/sign`: every check that decides whether this PC's token signs, in order — server token
 * (pinned key, origin, audience, time), exact bytes (tbsHash), single use (jti), certificate (the one
 * the server expects, currently valid) — then the token signs the digest of the signed attributes.
 */
export class SignRequestHandler {
  constructor(private readonly deps: SignRequestHandlerDeps) {}

  async handle(origin: string, body: unknown): Promise<AgentSignResponse> {
    const request = parseBody(body);
    let pinHandedOver = false;
    try {
      const now = this.deps.now();
      const claims = verifyRequestToken(request.requestToken, this.deps.pinnedKeys(), {
        expectedOrigin: origin,
        now,
        clockToleranceSeconds: this.deps.clockToleranceSeconds,
      });
      if (!isDerSet(request.toBeSigned)) throw badRequest('toBeSigned is not a DER SET of signed attributes');
      if (tbsHashOf(request.toBeSigned) !== claims.tbsHash) {
        throw new AgentError(AgentErrorCode.TBS_HASH_MISMATCH, { detail: `session ${claims.sid}` });
      }
      this.deps.replay.reserve(claims.jti, claims.exp + this.deps.clockToleranceSeconds);
      try {
        const certificateDer = await this.chosenCertificate(request, claims, now);
        this.deps.log.say(signingSentence(claims), {
          origin,
          session: claims.sid,
          document: claims.doc.id,
          version: claims.doc.version,
          user: claims.sub,
        });
        const digest = createHash(claims.alg).update(request.toBeSigned).digest();
        pinHandedOver = true;
        const result = await this.deps.tokens.sign({
          tokenSerial: request.tokenSerial,
          certificateDer,
          digestAlgorithm: claims.alg,
          digest,
          ...(request.pin ? { pin: request.pin } : {}),
        });
        this.deps.replay.consume(claims.jti);
        this.deps.log.info('signature.created', {
          origin,
          session: claims.sid,
          document: claims.doc.id,
          tokenSerial: request.tokenSerial,
          signatureAlgorithm: result.signatureAlgorithm,
        });
        return {
          signature: result.signature.toString('base64'),
          signatureAlgorithm: result.signatureAlgorithm,
          digestAlgorithm: claims.alg,
          certificateDer: certificateDer.toString('base64'),
        };
      } catch (err) {
        this.deps.replay.release(claims.jti);
        throw err;
      }
    } finally {
      if (!pinHandedOver) request.pin?.wipe();
    }
  }

  private async chosenCertificate(
    request: ParsedSignRequest,
    claims: RequestClaims,
    now: Date,
  ): Promise<Buffer> {
    const { tokens, certificates } = await this.deps.tokens.inventory();
    if (!tokens.some((t) => t.tokenSerial === request.tokenSerial)) {
      throw new AgentError(tokens.length ? AgentErrorCode.TOKEN_NOT_FOUND : AgentErrorCode.NO_TOKEN);
    }
    const chosen = certificates.find(
      (c) => c.tokenSerial === request.tokenSerial && c.certId === request.certId,
    );
    if (!chosen) throw new AgentError(AgentErrorCode.CERTIFICATE_NOT_FOUND);
    const der = Buffer.from(chosen.certificateDer, 'base64');
    if (certSha256Of(der) !== claims.certSha256) {
      throw new AgentError(AgentErrorCode.CERTIFICATE_MISMATCH, { detail: `session ${claims.sid}` });
    }
    // Circular 15/2025: the signing software checks the certificate before signing.
    const x509 = new X509Certificate(der);
    if (now.getTime() > new Date(x509.validTo).getTime()) {
      throw new AgentError(AgentErrorCode.CERTIFICATE_EXPIRED, {
        detail: `not after ${x509.validTo}`,
        messageVi: `Chứng thư số đã hết hạn từ ngày ${vietnameseDate(new Date(x509.validTo))}. Hãy liên hệ nhà cung cấp chứng thư số để gia hạn.`,
      });
    }
    if (now.getTime() < new Date(x509.validFrom).getTime()) {
      throw new AgentError(AgentErrorCode.CERTIFICATE_NOT_YET_VALID, {
        detail: `not before ${x509.validFrom}`,
      });
    }
    return der;
  }
}

/** dd/mm/yyyy in Vietnam time (UTC+7, no daylight saving). */
function vietnameseDate(date: Date): string {
  const vn = new Date(date.getTime() + 7 * 3600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(vn.getUTCDate())}/${two(vn.getUTCMonth() + 1)}/${vn.getUTCFullYear()}`;
}
