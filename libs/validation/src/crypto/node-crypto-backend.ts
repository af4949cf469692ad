import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { type DigestAlgorithmName, type SignatureValueCheck, verifySignatureValue } from '@kyso/cms';
import { BoundedMap } from '@kyso/common';
import type { ByteSource } from '@kyso/pdf';
import type { ByteSpanToHash, CryptoBackend, VerifySignatureRequest } from './crypto-backend';

/** Read size for streamed hashing: large enough for OpenSSL's throughput, small enough for many parallel files. */
const CHUNK = 1024 * 1024;

/** How many public keys are kept parsed; a validation run sees a handful of signers and CAs. */
const KEY_CACHE_SIZE = 512;

/**
 * CryptoBackend on node:crypto. Public keys are parsed once and reused (KeyObject reuse is ~6x faster
 * than parsing a key per verification); hashing streams the spans through one createHash.
 */
export class NodeCryptoBackend implements CryptoBackend {
  private readonly keys = new BoundedMap<KeyObject>(KEY_CACHE_SIZE);

  async hashSpans(
    source: ByteSource,
    spans: readonly ByteSpanToHash[],
    algorithm: DigestAlgorithmName,
    signal?: AbortSignal,
  ): Promise<Buffer> {
    const hash = createHash(algorithm);
    for (const span of spans) {
      for (let at = span.offset, end = span.offset + span.length; at < end;) {
        signal?.throwIfAborted();
        const chunk = await source.read(at, Math.min(CHUNK, end - at));
        if (chunk.length === 0) throw new RangeError(`span [${span.offset}, ${end}) beyond the source`);
        hash.update(chunk);
        at += chunk.length;
      }
    }
    return hash.digest();
  }

  digest(algorithm: DigestAlgorithmName, data: Uint8Array): Buffer {
    return createHash(algorithm).update(data).digest();
  }

  async verifySignature(request: VerifySignatureRequest): Promise<SignatureValueCheck> {
    return verifySignatureValue({
      data: request.data,
      signature: request.signature,
      algorithm: request.algorithm,
      digestAlgorithm: request.digestAlgorithm,
      publicKey: this.publicKey(request.publicKeySpki),
    });
  }

  private publicKey(spki: Uint8Array): KeyObject {
    const id = Buffer.from(spki.buffer, spki.byteOffset, spki.length).toString('base64');
    let key = this.keys.get(id);
    if (!key) {
      key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
      this.keys.set(id, key);
    }
    return key;
  }
}
