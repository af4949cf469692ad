import type { PdfValidationResult } from '../model/validation-result';
import type { ValidationLimits } from '../options/validation-options';
import type { BatchFile } from './batch-file';

/** What a batch thread is started with: only data that survives structured cloning. */
export interface BatchThreadInit {
  readonly trustAnchors: readonly Uint8Array[];
  /** Validation time, epoch milliseconds. */
  readonly at?: number;
  readonly offline?: boolean;
  readonly limits?: Partial<ValidationLimits>;
  readonly networkTimeoutMs?: number;
}

export interface ToThread {
  readonly id: number;
  readonly file: BatchFile;
}

export interface FromThread {
  readonly id: number;
  readonly result: PdfValidationResult;
}
