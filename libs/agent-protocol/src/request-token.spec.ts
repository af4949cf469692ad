import { createHash, createHmac, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createRequestToken, type RequestClaimsInput, verifyRequestToken } from './request-token';
import { RequestTokenError, RequestTokenErrorCode as Code } from './request-token.error';
import { generateRequestKeyPair, type PinnedServerKey, publicKeyId } from './server-key';

const ORIGIN = 'https://kyso.example';
const NOW = Date.UTC(2026, 10, 22, 9, 30, 0);
const NOW_S = NOW / 1000;

const serverKeys = generateRequestKeyPair();
const pinned: PinnedServerKey[] = [
  { origin: ORIGIN, keyId: publicKeyId(serverKeys.publicKey), publicKey: serverKeys.publicKey },
];

function b64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

function claims(overrides: Partial<RequestClaimsInput> = {}): RequestClaimsInput {
  return {
    iss: ORIGIN,
    sub: 'user-17',
    sid: 'session-42',
    doc: {
      id: 'doc-1',
      title: 'Quyết định về việc thành lập tổ công tác',
      numberSymbol: '15/QĐ-UBND',
      version: 3,
    },
    tbsHash: b64url(createHash('sha256').update('signed attributes').digest()),
    alg: 'sha256',
    certSha256: b64url(createHash('sha256').update('certificate').digest()),
    ...overrides,
  };
}

/** A token built by hand with node:crypto, independent of createRequestToken: the verifier's other judge. */
function handMade(header: object, payload: object, key: KeyObject = serverKeys.privateKey): string {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const sig = sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
  return `${input}.${b64url(sig)}`;
}

const goodHeader = { alg: 'ES256', typ: 'kyso-sign+jwt', kid: publicKeyId(serverKeys.publicKey) };
function goodPayload(overrides: object = {}): object {
  return {
    ...claims(),
    aud: 'kyso-token-agent',
    iat: NOW_S,
    exp: NOW_S + 120,
    jti: 'abcdefghijklmnop1234',
    ...overrides,
  };
}

function codeOf(fn: () => unknown): Code | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof RequestTokenError) return err.code;
    throw err;
  }
  return undefined;
}

const verifyAt = (token: string, now = NOW, origin = ORIGIN, keys = pinned) =>
  verifyRequestToken(token, keys, { expectedOrigin: origin, now });

describe('request token (ES256 compact JWS)', () => {
  it('round-trips the claims and fills audience, times and a random jti', () => {
    const token = createRequestToken(serverKeys.privateKey, claims(), { now: NOW });
    const verified = verifyAt(token);
    expect(verified).toMatchObject({ ...claims(), aud: 'kyso-token-agent', iat: NOW_S, exp: NOW_S + 120 });
    expect(verified.jti).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(createRequestToken(serverKeys.privateKey, claims(), { now: NOW })).not.toBe(token);
  });

  it('writes the header the contract names and a signature that node:crypto verifies over header.payload', () => {
    const token = createRequestToken(serverKeys.privateKey, claims(), { now: NOW });
    const [h, p, s] = token.split('.') as [string, string, string];
    expect(JSON.parse(Buffer.from(h, 'base64url').toString())).toEqual(goodHeader);
    expect(JSON.parse(Buffer.from(p, 'base64url').toString()).doc.title).toBe(claims().doc.title);
    const raw = Buffer.from(s, 'base64url');
    expect(raw).toHaveLength(64);
    // Independent check: re-encode r||s as a DER Ecdsa-Sig-Value by hand and verify with the default encoding.
    const int = (b: Buffer) => {
      let v = b;
      while (v.length > 1 && v[0] === 0 && v[1]! < 0x80) v = v.subarray(1);
      if (v[0]! >= 0x80) v = Buffer.concat([Buffer.from([0]), v]);
      return Buffer.concat([Buffer.from([0x02, v.length]), v]);
    };
    const body = Buffer.concat([int(raw.subarray(0, 32)), int(raw.subarray(32))]);
    const der = Buffer.concat([Buffer.from([0x30, body.length]), body]);
    expect(verify('sha256', Buffer.from(`${h}.${p}`), serverKeys.publicKey, der)).toBe(true);
  });

  it('accepts a token produced by hand with node:crypto (no shared code with the creator)', () => {
    expect(verifyAt(handMade(goodHeader, goodPayload())).sid).toBe('session-42');
  });

  it('refuses a tampered payload', () => {
    const [h, , s] = createRequestToken(serverKeys.privateKey, claims(), { now: NOW }).split('.');
    const forged = b64url(
      JSON.stringify(goodPayload({ tbsHash: b64url(createHash('sha256').update('x').digest()) })),
    );
    expect(codeOf(() => verifyAt(`${h}.${forged}.${s}`))).toBe(Code.BAD_SIGNATURE);
  });

  it('refuses a tampered or truncated signature', () => {
    const token = createRequestToken(serverKeys.privateKey, claims(), { now: NOW });
    const sig = Buffer.from(token.split('.')[2]!, 'base64url');
    sig[10] ^= 0x01;
    const tampered = `${token.split('.').slice(0, 2).join('.')}.${b64url(sig)}`;
    expect(codeOf(() => verifyAt(tampered))).toBe(Code.BAD_SIGNATURE);
    expect(
      codeOf(() => verifyAt(`${token.split('.').slice(0, 2).join('.')}.${b64url(sig.subarray(0, 63))}`)),
    ).toBe(Code.BAD_SIGNATURE);
  });

  it('refuses alg none and HMAC tokens before choosing a key', () => {
    const none = `${b64url(JSON.stringify({ ...goodHeader, alg: 'none' }))}.${b64url(JSON.stringify(goodPayload()))}.`;
    expect(codeOf(() => verifyAt(none))).toBe(Code.UNSUPPORTED_ALGORITHM);
    // The classic confusion attack: HS256 keyed with the public key's PEM.
    const pem = serverKeys.publicKey.export({ type: 'spki', format: 'pem' });
    const input = `${b64url(JSON.stringify({ ...goodHeader, alg: 'HS256' }))}.${b64url(JSON.stringify(goodPayload()))}`;
    const hs = `${input}.${b64url(createHmac('sha256', pem).update(input).digest())}`;
    expect(codeOf(() => verifyAt(hs))).toBe(Code.UNSUPPORTED_ALGORITHM);
  });

  it('refuses another typ and critical extensions', () => {
    expect(codeOf(() => verifyAt(handMade({ ...goodHeader, typ: 'JWT' }, goodPayload())))).toBe(
      Code.UNSUPPORTED_ALGORITHM,
    );
    expect(codeOf(() => verifyAt(handMade({ ...goodHeader, crit: ['exp'] }, goodPayload())))).toBe(
      Code.UNSUPPORTED_ALGORITHM,
    );
  });

  it('refuses an expired token, allowing the configured clock tolerance', () => {
    const token = createRequestToken(serverKeys.privateKey, claims(), { now: NOW, lifetimeSeconds: 60 });
    expect(verifyAt(token, NOW + 110_000).sid).toBe('session-42');
    expect(codeOf(() => verifyAt(token, NOW + 121_000))).toBe(Code.EXPIRED);
    expect(
      codeOf(() =>
        verifyRequestToken(token, pinned, {
          expectedOrigin: ORIGIN,
          now: NOW + 61_000,
          clockToleranceSeconds: 0,
        }),
      ),
    ).toBe(Code.EXPIRED);
  });

  it('refuses a token issued in the future', () => {
    const token = createRequestToken(serverKeys.privateKey, claims(), { now: NOW + 300_000 });
    expect(codeOf(() => verifyAt(token))).toBe(Code.NOT_YET_VALID);
  });

  it('refuses a lifetime over five minutes, on both sides', () => {
    expect(
      codeOf(() => createRequestToken(serverKeys.privateKey, claims(), { now: NOW, lifetimeSeconds: 301 })),
    ).toBe(Code.LIFETIME_TOO_LONG);
    expect(codeOf(() => verifyAt(handMade(goodHeader, goodPayload({ exp: NOW_S + 3600 }))))).toBe(
      Code.LIFETIME_TOO_LONG,
    );
  });

  it('refuses a wrong audience', () => {
    expect(codeOf(() => verifyAt(handMade(goodHeader, goodPayload({ aud: 'kyso-api' }))))).toBe(
      Code.WRONG_AUDIENCE,
    );
    expect(
      codeOf(() => createRequestToken(serverKeys.privateKey, claims({ aud: 'x' as 'kyso-token-agent' }))),
    ).toBe(Code.WRONG_AUDIENCE);
  });

  it('refuses a token signed by another key, whatever kid it claims', () => {
    const other = generateRequestKeyPair();
    const ownKid = createRequestToken(other.privateKey, claims(), { now: NOW });
    expect(codeOf(() => verifyAt(ownKid))).toBe(Code.UNKNOWN_KEY);
    const spoofedKid = handMade(goodHeader, goodPayload(), other.privateKey);
    expect(codeOf(() => verifyAt(spoofedKid))).toBe(Code.BAD_SIGNATURE);
  });

  it('uses only keys pinned for the Origin that sent the request', () => {
    const token = createRequestToken(serverKeys.privateKey, claims(), { now: NOW });
    expect(codeOf(() => verifyAt(token, NOW, 'https://evil.example'))).toBe(Code.UNKNOWN_KEY);
    // Same key pinned for two origins: a token lifted from one and replayed from the other fails on iss.
    const both = [...pinned, { ...pinned[0]!, origin: 'https://other.example' }];
    expect(codeOf(() => verifyAt(token, NOW, 'https://other.example', both))).toBe(Code.WRONG_ISSUER);
  });

  it('refuses malformed input with MALFORMED', () => {
    const token = createRequestToken(serverKeys.privateKey, claims(), { now: NOW });
    expect(codeOf(() => verifyAt('abc.def'))).toBe(Code.MALFORMED);
    expect(codeOf(() => verifyAt(`${token}.x`))).toBe(Code.MALFORMED);
    expect(codeOf(() => verifyAt(`%${token}`))).toBe(Code.MALFORMED);
    expect(codeOf(() => verifyAt('a'.repeat(9000)))).toBe(Code.MALFORMED);
    const { tbsHash: _omit, ...withoutHash } = goodPayload() as Record<string, unknown>;
    expect(codeOf(() => verifyAt(handMade(goodHeader, withoutHash)))).toBe(Code.MALFORMED);
    expect(codeOf(() => verifyAt(handMade(goodHeader, goodPayload({ alg: 'sha1' }))))).toBe(Code.MALFORMED);
    expect(codeOf(() => verifyAt(handMade(goodHeader, goodPayload({ jti: 'short' }))))).toBe(Code.MALFORMED);
  });

  it('never puts the token in error messages and gives Vietnamese text', () => {
    const token = createRequestToken(serverKeys.privateKey, claims(), { now: NOW });
    try {
      verifyAt(token, NOW + 3_600_000);
      expect.unreachable();
    } catch (err) {
      const e = err as RequestTokenError;
      expect(e.messageVi).toContain('hết hạn');
      expect(e.message).not.toContain(token.split('.')[2]);
    }
  });

  it('refuses to mint with a key that is not P-256', () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
    expect(() => createRequestToken(p384, claims())).toThrow(TypeError);
    expect(() => createRequestToken(serverKeys.publicKey, claims())).toThrow(TypeError);
  });
});
