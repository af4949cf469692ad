import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { inTransaction, readOnly, type TransactionRunner, unitOfWork } from '@kyso/database';
import {
  type Actor,
  type Clock,
  describeSignerFromLineage,
  Organisation,
  OrgError,
  OrgErrorCode,
  readLineageGraph,
  visibleOrganisations,
} from '@kyso/org';
import type { BlobStore } from '@kyso/storage';
import { toJsonFileReport, type Validator } from '@kyso/validation';
import { requireBatchAccess } from './batch-access';
import { type BatchDocument, listBatchDocuments } from './batch-documents';
import { BatchProgress, type ProgressPolicy, type ProgressSnapshot } from './batch-progress';
import { ResultsWriter } from './results-writer';
import type { VerificationBatch } from './verification-batch.entity';
import { VerificationBatchError, VerificationBatchErrorCode } from './verification-batch.exception';
import { VerificationBatchRepository } from './verification-batch.repository';
import { resultLine, toBatchView, type VerificationBatchView } from './verification-batch-view';

/** The queue job that runs a batch (apps/worker/src/jobs/verify-batch.job.ts); its job id is the batch id. */
export const VERIFY_BATCH_JOB = 'verify.batch';

/** The batch's row holds its state, so the job carries only its id. */
export interface VerifyBatchJobData {
  batchId: string;
}

export interface VerificationBatchDeps {
  dataSource: DataSource;
  blobStore: BlobStore;
  clock: Clock;
  /**
   * The process's one validator (trust anchors, online fetchers, caches), the one single-file verification uses:
   * shared by every batch, so chains and revocation answers stay cached.
   */
  validator: Validator;
  progress?: ProgressPolicy;
}

export interface CreateBatchInput {
  organisationId: string;
  /** Also the documents of the organisations it inherited records from (default true). */
  includePredecessors?: boolean;
  at?: Date;
}

export interface RunBatchOptions {
  /** Documents in flight at once (validateBatch's default when unset). */
  jobs?: number;
  /** Stops this runner (process shutdown): the batch stays `running` and is started again later. */
  signal?: AbortSignal;
  onProgress?: (progress: ProgressSnapshot) => void | Promise<void>;
}

/** Results blobs are per attempt, so a runner that lost the batch can never overwrite the winner's results. */
export const resultsKeyOf = (batchId: string, attempt: number) =>
  `verification-batches/${batchId}/results-${attempt}.jsonl`;

/**
 * Re-verification of every signed document of an organisation — after communes merge, of the documents the
 * successor inherited too — as one background batch with progress. A batch is a database row; whoever runs it (the
 * worker through BullMQ, or the API process in the embedded mode) calls {@link run} with its id, any number of
 * times: a batch that has ended is left alone, one that was interrupted starts again from scratch.
 */
export class VerificationBatchService {
  private readonly batches = new VerificationBatchRepository();

  constructor(private readonly deps: VerificationBatchDeps) {}

  async create(
    actor: Actor,
    input: CreateBatchInput,
    runner?: TransactionRunner,
  ): Promise<VerificationBatchView> {
    const now = this.deps.clock.now();
    const at = input.at ?? null;
    if (at && (Number.isNaN(at.getTime()) || at.getTime() > now.getTime()))
      throw new VerificationBatchError(VerificationBatchErrorCode.AT_INVALID, { at: input.at });
    return unitOfWork(this.deps.dataSource, runner, async (tx) => {
      await requireBatchAccess(tx, actor, input.organisationId, now);
      const organisation = await tx.findOne(Organisation, { where: { id: input.organisationId } });
      if (!organisation)
        throw new OrgError(OrgErrorCode.ORGANISATION_NOT_FOUND, { id: input.organisationId });
      const includePredecessors = input.includePredecessors ?? true;
      const batch: VerificationBatch = {
        id: randomUUID(),
        organisationId: organisation.id,
        organisationIds: includePredecessors
          ? await visibleOrganisations(tx, organisation.id, now)
          : [organisation.id],
        includePredecessors,
        validationTime: at,
        requestedBy: actor.userId,
        state: 'queued',
        attempt: 0,
        total: 0,
        done: 0,
        countTotalPassed: 0,
        countTotalFailed: 0,
        countIndeterminate: 0,
        countNoSignature: 0,
        countError: 0,
        documentsPerSecond: null,
        errorMessage: null,
        resultsBlobKey: null,
        createdAt: now,
        startedAt: null,
        finishedAt: null,
        updatedAt: now,
      };
      await this.batches.insert(tx, batch);
      return toBatchView(batch);
    });
  }

  async get(actor: Actor, id: string): Promise<VerificationBatchView> {
    return toBatchView(await this.visible(actor, id));
  }

  /** The batches requested for an organisation, newest first (at most `limit`, default 20). */
  async list(actor: Actor, organisationId: string, limit = 20): Promise<VerificationBatchView[]> {
    return readOnly(this.deps.dataSource, async (tx) => {
      await requireBatchAccess(tx, actor, organisationId, this.deps.clock.now());
      return (await this.batches.ofOrganisation(tx, organisationId, limit)).map(toBatchView);
    });
  }

  /** The JSON Lines results of a completed batch, one line per document. */
  async openResults(actor: Actor, id: string): Promise<{ batch: VerificationBatchView; stream: Readable }> {
    const batch = await this.visible(actor, id);
    if (batch.state !== 'completed' || !batch.resultsBlobKey)
      throw new VerificationBatchError(VerificationBatchErrorCode.RESULTS_NOT_READY, {
        id,
        state: batch.state,
      });
    if (!(await this.deps.blobStore.exists(batch.resultsBlobKey)))
      throw new VerificationBatchError(VerificationBatchErrorCode.RESULTS_MISSING, { id });
    return { batch: toBatchView(batch), stream: this.deps.blobStore.openRead(batch.resultsBlobKey) };
  }

  /** Cancels a queued or running batch; its runner stops at its next progress write and stores no results. */
  async cancel(actor: Actor, id: string): Promise<VerificationBatchView> {
    const now = this.deps.clock.now();
    return inTransaction(this.deps.dataSource, async (tx) => {
      const batch = await this.batches.require(tx, id);
      await requireBatchAccess(tx, actor, batch.organisationId, now);
      if (!(await this.batches.cancel(tx, id, now)))
        throw new VerificationBatchError(VerificationBatchErrorCode.ALREADY_FINISHED, {
          id,
          state: batch.state,
        });
      return toBatchView(await this.batches.require(tx, id));
    });
  }

  /** Batches queued or interrupted, oldest first: what a starting worker (or embedded API) must run. */
  unfinished(): Promise<VerificationBatch[]> {
    return readOnly(this.deps.dataSource, (tx) => this.batches.unfinished(tx));
  }

  /**
   * Runs the batch to its end: lists the documents in scope, validates them with {@link validateBatch}, writes the
   * results as JSON Lines (atomically, under a key of this attempt) and progress at most every ~500 ms. Does
   * nothing for a batch that has ended; restarts an interrupted one from scratch. Throws (after recording the batch
   * as failed) when the batch cannot be run, e.g. the blob store cannot be written.
   */
  async run(id: string, options: RunBatchOptions = {}): Promise<VerificationBatchView> {
    const ds = this.deps.dataSource;
    const batch = await inTransaction(ds, (tx) => this.batches.start(tx, id, this.deps.clock.now()));
    if (!batch) return toBatchView(await readOnly(ds, (tx) => this.batches.require(tx, id)));
    const attempt = batch.attempt;
    let writer: ResultsWriter | undefined;
    try {
      const documents = await readOnly(ds, (tx) =>
        listBatchDocuments(tx, batch.organisationIds, batch.createdAt),
      );
      const files = this.filesOf(documents);
      const lineage = await readOnly(ds, readLineageGraph);
      const progress = new BatchProgress(documents.length, performance.now(), this.deps.progress);
      // "Lost" = cancelled, or restarted by another runner: this runner stops and leaves the row to the other.
      const lose = new AbortController();
      const stop = options.signal ? AbortSignal.any([lose.signal, options.signal]) : lose.signal;
      const write = async (snapshot: ProgressSnapshot) => {
        const now = this.deps.clock.now();
        if (await inTransaction(ds, (tx) => this.batches.progress(tx, id, attempt, snapshot, now)))
          await options.onProgress?.(snapshot);
        else lose.abort();
      };
      await write(progress.flush(performance.now()));

      writer = new ResultsWriter(this.deps.blobStore, resultsKeyOf(id, attempt));
      const out = writer;
      await this.deps.validator.validateBatch(
        files,
        {
          at: batch.validationTime ?? undefined,
          describeSigner: describeSignerFromLineage(lineage, () => this.deps.clock.now()),
          jobs: options.jobs,
          signal: stop,
        },
        async (file, result) => {
          const doc = documents[Number(file.key)];
          await out.write(resultLine(doc, toJsonFileReport(result, { file: doc.fileName, lang: 'vi' })));
          if (progress.record(result.verdict, performance.now()) && !lose.signal.aborted)
            await write(progress.flush(performance.now()));
        },
      );
      if (stop.aborted) {
        await writer.abort();
        return toBatchView(await readOnly(ds, (tx) => this.batches.require(tx, id)));
      }
      const { blob } = await writer.finish();
      const final = progress.flush(performance.now());
      const now = this.deps.clock.now();
      if (!(await inTransaction(ds, (tx) => this.batches.complete(tx, id, attempt, final, blob.key, now))))
        await this.deps.blobStore.delete(blob.key); // cancelled between the last document and now
      else await options.onProgress?.(final);
      return toBatchView(await readOnly(ds, (tx) => this.batches.require(tx, id)));
    } catch (err) {
      await writer?.abort();
      const message = (err as Error)?.message ?? String(err);
      await inTransaction(ds, (tx) =>
        this.batches.fail(tx, id, attempt, message, this.deps.clock.now()),
      ).catch(() => undefined); // the original error says more than a second one from a lost database
      throw err;
    }
  }

  private async visible(actor: Actor, id: string): Promise<VerificationBatch> {
    return readOnly(this.deps.dataSource, async (tx) => {
      const batch = await this.batches.require(tx, id);
      await requireBatchAccess(tx, actor, batch.organisationId, this.deps.clock.now());
      return batch;
    });
  }

  /** The validator's view of the documents: their index as the key, the blob's local file as the path. */
  private filesOf(documents: readonly BatchDocument[]) {
    return documents.map((d, i) => {
      const path = this.deps.blobStore.localPath(d.blobKey);
      if (!path) throw new VerificationBatchError(VerificationBatchErrorCode.LOCAL_FILES_REQUIRED);
      return { key: String(i), path };
    });
  }
}
