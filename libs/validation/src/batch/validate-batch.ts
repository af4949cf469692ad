import { availableParallelism } from 'node:os';
import { createValidationCache, type ValidationCache } from '../chain/validation-cache';
import { BatchingCryptoBackend } from '../crypto/batching-crypto-backend';
import type { FileVerdict, PdfValidationResult } from '../model/validation-result';
import type { ValidationOptions } from '../options/validation-options';
import { createOnlineFetchers } from '../revocation/online-fetchers';
import type { BatchFile } from './batch-file';
import { batchThreadScript, BatchThreads } from './batch-threads';
import { validateFile } from './validate-file';

export type { BatchFile } from './batch-file';

export interface BatchValidationOptions extends Pick<
  ValidationOptions,
  'trustAnchors' | 'at' | 'offline' | 'fetchers' | 'limits' | 'describeSigner' | 'networkTimeoutMs'
> {
  /** Documents in flight at once (default 32): enough for the native core to get full batches. */
  readonly jobs?: number;
  /**
   * Worker threads that parse and validate (default: one per core). 0 validates on the calling thread, as
   * does any batch with `fetchers` or `describeSigner` (functions cannot cross threads) or run from
   * TypeScript sources. Results are the same either way.
   */
  readonly threads?: number;
  /** Used on the calling thread only: chains and revocation answers shared across documents and batches. */
  readonly cache?: ValidationCache;
  /** Stops handing out files; files in flight finish, and the summary says `aborted`. */
  readonly signal?: AbortSignal;
}

export type VerdictCounts = Record<FileVerdict, number>;

export interface BatchValidationSummary {
  readonly files: number;
  readonly verdicts: VerdictCounts;
  readonly seconds: number;
  readonly aborted: boolean;
  /** Worker threads used; 0 when the batch ran on the calling thread. */
  readonly threads: number;
}

/** Called once per file, in completion order; a returned promise holds back further results (backpressure). */
export type BatchResultSink = (file: BatchFile, result: PdfValidationResult) => void | Promise<void>;

export const emptyVerdictCounts = (): VerdictCounts => ({
  TOTAL_PASSED: 0,
  TOTAL_FAILED: 0,
  INDETERMINATE: 0,
  NO_SIGNATURE: 0,
  ERROR: 0,
});

/**
 * Validates many PDFs with `jobs` documents in flight, on worker threads (one per core) when it can: parsing
 * is TypeScript, while the byte-range hashing and signature checks of every document in flight go to the
 * native core in batches, and certificate chains and revocation answers are cached across documents (the same
 * leader signs many). Each result is exactly what {@link validatePdf} returns for that file alone. A file that
 * cannot be read is an ERROR result, not a stop.
 */
export async function validateBatch(
  files: Iterable<BatchFile> | AsyncIterable<BatchFile>,
  options: BatchValidationOptions,
  onResult: BatchResultSink,
): Promise<BatchValidationSummary> {
  const started = Date.now();
  const validate = validator(options);
  const verdicts = emptyVerdictCounts();
  const iterator = toAsyncIterator(files);
  let count = 0;
  let sinkChain: Promise<void> = Promise.resolve();

  const nextFile = async (): Promise<BatchFile | undefined> => {
    if (options.signal?.aborted) return undefined;
    const step = await iterator.next();
    return step.done ? undefined : step.value;
  };
  const worker = async (): Promise<void> => {
    for (let file = await nextFile(); file; file = await nextFile()) {
      const result = await validate.one(file);
      verdicts[result.verdict]++;
      count++;
      // Results reach the sink one at a time, so a sink may write a stream without interleaving.
      const current: BatchFile = file;
      sinkChain = sinkChain.then(() => onResult(current, result));
      await sinkChain;
    }
  };
  try {
    const jobs = Math.max(1, Math.floor(options.jobs ?? 32));
    await Promise.all(Array.from({ length: jobs }, worker));
  } finally {
    await validate.close();
  }
  return {
    files: count,
    verdicts,
    seconds: (Date.now() - started) / 1000,
    aborted: options.signal?.aborted ?? false,
    threads: validate.threads,
  };
}

interface Validator {
  readonly threads: number;
  one(file: BatchFile): Promise<PdfValidationResult>;
  close(): Promise<void>;
}

function validator(options: BatchValidationOptions): Validator {
  const script = batchThreadScript();
  const requested = options.threads ?? (availableParallelism() > 1 ? availableParallelism() : 0);
  const threads = script && !options.fetchers && !options.describeSigner ? Math.floor(requested) : 0;
  if (script && threads > 0) {
    const pool = new BatchThreads(script, threads, {
      trustAnchors: options.trustAnchors?.anchors.map((a) => a.der) ?? [],
      at: options.at?.getTime(),
      offline: options.offline,
      limits: options.limits,
      networkTimeoutMs: options.networkTimeoutMs,
    });
    return { threads, one: (file) => pool.validate(file), close: () => pool.close() };
  }
  const cache = options.cache ?? createValidationCache();
  const crypto = new BatchingCryptoBackend();
  const { jobs: _jobs, threads: _threads, cache: _cache, signal: _signal, ...validation } = options;
  // One set of fetchers for the whole batch (validatePdf alone would make one per file, without a shared cache).
  const fetchers =
    validation.fetchers ??
    (validation.offline ? undefined : createOnlineFetchers({ timeoutMs: validation.networkTimeoutMs }));
  return {
    threads: 0,
    one: (file) => validateFile(file, { ...validation, fetchers }, cache, crypto),
    close: async () => undefined,
  };
}

function toAsyncIterator<T>(items: Iterable<T> | AsyncIterable<T>): AsyncIterator<T> {
  if (Symbol.asyncIterator in items) return items[Symbol.asyncIterator]();
  const it = items[Symbol.iterator]();
  return { next: async () => it.next() };
}
