import type { DigestAlgorithmName, SignatureValueCheck } from '@kyso/cms';
import {
  type BatchCryptoCore,
  defaultCore,
  type HashAlgorithm,
  type HashInput,
  type VerifyItem,
} from '@kyso/native';
import { BufferByteSource, FileByteSource, type ByteSource } from '@kyso/pdf';
import type { ByteSpanToHash, CryptoBackend, VerifySignatureRequest } from './crypto-backend';
import { NodeCryptoBackend } from './node-crypto-backend';

const BATCHABLE_HASHES = new Set<DigestAlgorithmName>(['sha256', 'sha384', 'sha512']);

interface Pending<I, R> {
  item: I;
  resolve(result: R): void;
  reject(err: unknown): void;
}

/**
 * Collects what many concurrently validated documents ask for (byte-range digests of files on disk, signature
 * checks) and hands it to the native core in batches: its worker threads hash with large sequential reads and
 * verify with keys parsed once per batch, off the event loop. What the core cannot take (in-memory sources, SHA-1,
 * DSA, RSA-PSS with an unusual salt, ...) goes to node:crypto unchanged, so results are identical to single-file
 * validation.
 */
export class BatchingCryptoBackend implements CryptoBackend {
  private readonly fallback = new NodeCryptoBackend();
  private hashes: Array<Pending<{ input: HashInput; algorithm: HashAlgorithm }, Buffer>> = [];
  private verifies: Array<Pending<VerifyItem, boolean>> = [];
  private scheduled = false;

  constructor(
    private readonly core: BatchCryptoCore = defaultCore(),
    private readonly maxBatch = 256,
  ) {}

  hashSpans(
    source: ByteSource,
    spans: readonly ByteSpanToHash[],
    algorithm: DigestAlgorithmName,
    signal?: AbortSignal,
  ): Promise<Buffer> {
    let input: HashInput;
    if (!BATCHABLE_HASHES.has(algorithm)) return this.fallback.hashSpans(source, spans, algorithm, signal);
    if (source instanceof FileByteSource) {
      input = { path: source.path, ranges: spans.map((s) => [s.offset, s.length] as [number, number]) };
    } else if (source instanceof BufferByteSource && spans.every((s) => s.offset + s.length <= source.size)) {
      // The bytes that were parsed are the bytes hashed. Joining a signature's two spans costs one memcpy,
      // far less than hashing them on the event loop.
      const views = spans.map((s) => source.buffer.subarray(s.offset, s.offset + s.length));
      input = views.length === 1 ? views[0] : Buffer.concat(views);
    } else {
      return this.fallback.hashSpans(source, spans, algorithm, signal);
    }
    return new Promise((resolve, reject) => {
      this.hashes.push({ item: { input, algorithm: algorithm as HashAlgorithm }, resolve, reject });
      this.schedule();
    });
  }

  digest(algorithm: DigestAlgorithmName, data: Uint8Array): Buffer {
    return this.fallback.digest(algorithm, data);
  }

  verifySignature(request: VerifySignatureRequest): Promise<SignatureValueCheck> {
    const algorithm = nativeAlgorithm(request);
    if (!algorithm) return this.fallback.verifySignature(request);
    const item: VerifyItem = {
      algorithm,
      publicKey: request.publicKeySpki,
      signature: request.signature,
      data: request.data,
    };
    return new Promise<boolean>((resolve, reject) => {
      this.verifies.push({ item, resolve, reject });
      this.schedule();
    }).then(
      (valid) => (valid ? { valid: true } : { valid: false, reason: 'signature value does not verify' }),
      // A per-item error (malformed key or signature) gets node:crypto's own diagnosis.
      () => this.fallback.verifySignature(request),
    ) as Promise<SignatureValueCheck>;
  }

  /** Flushes on the next turn of the event loop, so every document that is ready contributes to one batch. */
  private schedule(): void {
    if (this.hashes.length >= this.maxBatch || this.verifies.length >= this.maxBatch)
      return void this.flush();
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const hashes = this.hashes;
    const verifies = this.verifies;
    this.hashes = [];
    this.verifies = [];
    const byAlgorithm = new Map<HashAlgorithm, typeof hashes>();
    for (const h of hashes)
      byAlgorithm.set(h.item.algorithm, [...(byAlgorithm.get(h.item.algorithm) ?? []), h]);
    await Promise.all([
      ...[...byAlgorithm].map(([algorithm, group]) =>
        this.core
          .hashBatch(
            group.map((g) => g.item.input),
            algorithm,
          )
          .then(
            (results) =>
              results.forEach((r, i) =>
                Buffer.isBuffer(r)
                  ? group[i].resolve(Buffer.from(r))
                  : group[i].reject(new Error(r.error.message)),
              ),
            (err) => group.forEach((g) => g.reject(err)),
          ),
      ),
      verifies.length === 0
        ? undefined
        : this.core.verifyBatch(verifies.map((v) => v.item)).then(
            (results) =>
              results.forEach((r, i) =>
                typeof r === 'boolean'
                  ? verifies[i].resolve(r)
                  : verifies[i].reject(new Error(r.error.message)),
              ),
            (err) => verifies.forEach((v) => v.reject(err)),
          ),
    ]);
  }
}

/** The native name of a signature algorithm, when the core verifies it exactly as node:crypto would. */
function nativeAlgorithm(r: VerifySignatureRequest): VerifyItem['algorithm'] | undefined {
  const hash = r.algorithm.hashAlgorithm ?? r.digestAlgorithm;
  if (hash !== 'sha256' && hash !== 'sha384' && hash !== 'sha512') return undefined;
  switch (r.algorithm.scheme) {
    case 'rsa-pkcs1':
      return `rsa-pkcs1-${hash}`;
    case 'ecdsa':
      return r.algorithm.ecdsaEncoding === 'plain' ? undefined : `ecdsa-${hash}`;
    case 'rsa-pss': {
      const pss = r.algorithm.pss;
      const saltOk =
        pss &&
        pss.hashAlgorithm === hash &&
        pss.maskGenHashAlgorithm === hash &&
        pss.saltLength === { sha256: 32, sha384: 48, sha512: 64 }[hash];
      return saltOk ? `rsa-pss-${hash}` : undefined;
    }
    default:
      return undefined;
  }
}
