import type { ValidationCache } from '../chain/validation-cache';
import type { CryptoBackend } from '../crypto/crypto-backend';
import { describeFinding, error } from '../model/finding';
import type { PdfValidationResult } from '../model/validation-result';
import type { ValidationOptions } from '../options/validation-options';
import { validatePdf } from '../validate-pdf';
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
): Promise<PdfValidationResult> {
  try {
    return await validatePdf(file.path, { ...options, cache, crypto });
  } catch (err) {
    return unreadableResult(file, err, options.at ?? new Date(), options.trustAnchors?.size ?? 0);
  }
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
