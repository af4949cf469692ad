import { createHash } from 'node:crypto';
import {
  certSha256Of,
  createRequestToken,
  type DigestAlgorithm,
  generateRequestKeyPair,
  pairingInfoFor,
  type RequestKeyPair,
  tbsHashOf,
} from '@kyso/agent-protocol';
import type { PairedServer } from '../../../apps/token-agent/src/config/agent-config';

/**
 * DER signed attributes as kyso's server would send them (content-type data, message-digest), built by
 * hand so these tests depend on nothing but the bytes: SET { SEQUENCE { OID, SET { value } } ... }.
 */
export function signedAttributes(content = 'văn bản mẫu'): Buffer {
  const tlv = (tag: number, body: Buffer) => {
    if (body.length < 0x80) return Buffer.concat([Buffer.from([tag, body.length]), body]);
    return Buffer.concat([Buffer.from([tag, 0x81, body.length]), body]);
  };
  const oid = (hex: string) => tlv(0x06, Buffer.from(hex, 'hex'));
  const contentType = tlv(
    0x30,
    Buffer.concat([oid('2a864886f70d010903'), tlv(0x31, oid('2a864886f70d010701'))]),
  );
  const digest = createHash('sha256').update(content).digest();
  const messageDigest = tlv(0x30, Buffer.concat([oid('2a864886f70d010904'), tlv(0x31, tlv(0x04, digest))]));
  return tlv(0x31, Buffer.concat([contentType, messageDigest]));
}

/** The kyso server's side of the protocol, reduced to what the agent tests need. */
export class FakeKysoServer {
  readonly keys: RequestKeyPair = generateRequestKeyPair();

  constructor(readonly origin: string) {}

  paired(): PairedServer {
    return { ...pairingInfoFor(this.origin, this.keys.publicKey), pairedAt: '2026-11-22T00:00:00.000Z' };
  }

  token(
    toBeSigned: Buffer,
    certificateDer: Buffer,
    options: {
      now?: Date;
      jti?: string;
      alg?: DigestAlgorithm;
      lifetimeSeconds?: number;
      tbsHash?: string;
    } = {},
  ): string {
    return createRequestToken(
      this.keys.privateKey,
      {
        iss: this.origin,
        sub: 'user-17',
        sid: 'session-42',
        doc: {
          id: 'doc-1',
          title: 'Quyết định thành lập tổ công tác',
          numberSymbol: '15/QĐ-UBND',
          version: 1,
        },
        tbsHash: options.tbsHash ?? tbsHashOf(toBeSigned),
        alg: options.alg ?? 'sha256',
        certSha256: certSha256Of(certificateDer),
        ...(options.jti ? { jti: options.jti } : {}),
      },
      { now: options.now ?? new Date(), lifetimeSeconds: options.lifetimeSeconds ?? 120 },
    );
  }
}
