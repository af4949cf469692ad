import type { ByteSourceInput } from '@kyso/pdf';
import {
  type BatchResultSink,
  type BatchValidationOptions,
  type BatchValidationSummary,
  validateBatch,
} from './batch/validate-batch';
import type { BatchFile } from './batch/batch-file';
import { createValidationCache, type ValidationCache } from './chain/validation-cache';
import type { PdfValidationResult } from './model/validation-result';
import type { ValidationOptions } from './options/validation-options';
import type { OnlineFetchers } from './revocation/online-fetchers';
import type { TrustStore } from './trust/trust-store';
import { validatePdf } from './validate-pdf';

/** What every validation of one process (or one CLI run) shares. */
export interface ValidatorSettings {
  /** Certificates trusted as chain ends (the process's trust store, loaded once). */
  readonly trustAnchors: TrustStore;
  /** No network at all: only data in the documents and the caches. */
  readonly offline: boolean;
  /**
   * OCSP, CRL and CA-issuers access shared by every validation. Without it (and not offline) each single
   * validation makes its own, and a batch one per batch or per worker thread.
   */
  readonly fetchers?: OnlineFetchers;
  /** Certificate, chain and revocation cache; default a new one for this validator. */
  readonly cache?: ValidationCache;
}

/** What differs from one validation to the next: the validation time, the lineage note, bounds, cancellation. */
export type ValidationCall = Pick<ValidationOptions, 'at' | 'describeSigner' | 'limits' | 'signal'>;
export type BatchValidationCall = Pick<
  BatchValidationOptions,
  'at' | 'describeSigner' | 'limits' | 'signal' | 'jobs' | 'threads'
>;

/**
 * Builds the validator of a process from its settings and clock (the clock gives the default validation time
 * and measures the time limit). Called once by each composition root: the API, the worker, a CLI run.
 */
export function createValidator(settings: ValidatorSettings, clock: { now(): Date }): Validator {
  return new Validator(settings, clock);
}

/**
 * The one validator of a process: single-file verification, the check of received documents and batch
 * re-verification all go through it, so the same file gets the same verdict from each, with one trust store,
 * one set of fetchers and one cache.
 */
export class Validator {
  readonly trustAnchors: TrustStore;
  readonly offline: boolean;
  readonly fetchers: OnlineFetchers | undefined;
  readonly cache: ValidationCache;
  private readonly now: () => Date;

  constructor(settings: ValidatorSettings, clock: { now(): Date }) {
    this.trustAnchors = settings.trustAnchors;
    this.offline = settings.offline;
    this.fetchers = settings.offline ? undefined : settings.fetchers;
    this.cache = settings.cache ?? createValidationCache();
    this.now = () => clock.now();
  }

  validate(input: ByteSourceInput, call: ValidationCall = {}): Promise<PdfValidationResult> {
    return validatePdf(input, {
      ...call,
      trustAnchors: this.trustAnchors,
      offline: this.offline,
      fetchers: this.fetchers,
      cache: this.cache,
      now: this.now,
    });
  }

  validateBatch(
    files: Iterable<BatchFile> | AsyncIterable<BatchFile>,
    call: BatchValidationCall,
    onResult: BatchResultSink,
  ): Promise<BatchValidationSummary> {
    return validateBatch(
      files,
      {
        ...call,
        trustAnchors: this.trustAnchors,
        offline: this.offline,
        fetchers: this.fetchers,
        cache: this.cache,
      },
      onResult,
    );
  }
}
