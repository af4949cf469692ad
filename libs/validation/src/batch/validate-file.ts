import { readFileSync, statSync } from 'node:fs';
import type { ValidationCache } from '../chain/validation-cache';
import type { CryptoBackend } from '../crypto/crypto-backend';
import { describeFinding, error } from '../model/finding';
import type { PdfValidationResult } from '../model/validation-result';
import type { ValidationOptions } from '../options/validation-options';
import { READ_WHOLE_FILE_BYTES, validatePdf } from '../validate-pdf';
import type { BatchFile } from './batch-file';

/**
 * {@link validatePdf} for one file of a batch: the same result, except that a file that cannot be read is an
 * ERROR result (FILE_UNREADABLE) instead of an exception, so one bad file never stops an archive.
 */
export async function validateFile(
  file: BatchFile,
  options: ValidationOptions,
  cache: ValidationCache,
  crypto: CryptoBackend,
  io: { readSync?: boolean } = {},
): Promise<PdfValidationResult> {
  try {
    return await validatePdf(io.readSync ? readSmallFile(file.path) : file.path, {
      ...options,
      cache,
      crypto,
    });
  } catch (err) {
    return unreadableResult(file, err, options.at ?? new Date(), options.trustAnchors?.size ?? 0);
  }
}

/**
 * The file's bytes when it is small enough to validate from memory (what validatePdf would read anyway), read
 * synchronously: on a batch thread, whose event loop only serves its own validations, one blocking read of a
 * file in the page cache costs far less than the four thread-pool round trips of fs/promises.
 */
function readSmallFile(path: string): string | Buffer {
  return statSync(path).size <= READ_WHOLE_FILE_BYTES ? readFileSync(path) : path;
}

function unreadableResult(
  file: BatchFile,
  err: unknown,
  at: Date,
  trustAnchors: number,
): PdfValidationResult {
  const finding = error('FILE_UNREADABLE', {
    file: file.key,
    detail: (err as { cause?: Error })?.cause?.message ?? (err as Error)?.message ?? String(err),
  });
  return {
    verdict: 'ERROR',
    document: { size: 0, sha256: null, revisions: 0, pages: null, docMdp: null },
    signatures: [],
    findings: [finding],
    error: {
      code: 'FILE_UNREADABLE',
      message: describeFinding(finding, 'en'),
      messageVi: describeFinding(finding, 'vi'),
    },
    validationTime: at.toISOString(),
    trustAnchors,
    elapsedMs: 0,
  };
}
