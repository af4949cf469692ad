import { hostname } from 'node:os';
import type { DataSource } from 'typeorm';
import { inTransaction, rows, sqlWithLists } from '@kyso/database';
import { type AuditRecorder, type Clock, dissolvedBy, ReorganisationEvent } from '@kyso/org';
import type { TrustServices } from '@kyso/signing';
import type { BlobStore } from '@kyso/storage';
import { ArchiveError, ArchiveErrorCode } from '../archive.exception';
import { type ArchivePolicy, DEFAULT_ARCHIVE_POLICY } from '../protection/archive-policy';
import {
  ArchiveRunRepository,
  type ArchiveRun,
  type RunCounts,
  type RunKind,
  type RunReport,
  type RunScope,
} from './archive-run.repository';
import { DocumentAugmenter } from './document-augmenter';
import type { RetryPolicy } from './transient-retry';

/**
 * The queue job that runs an archive run (apps/worker/src/jobs/archive-augmentation.job.ts): enqueued by the API and
 * the CLI with the run id as job id, and by the renewal job.
 */
export const ARCHIVE_AUGMENT_JOB = 'archive.augment';

/** The run's state is in the database, so the job carries only its id. */
export interface ArchiveAugmentJobData {
  runId: string;
}

export interface ArchiveDeps {
  dataSource: DataSource;
  blobStore: BlobStore;
  /** TSA, OCSP, CRL: the TSA is required (B-LTA ends with a document timestamp). */
  trust: TrustServices;
  audit: AuditRecorder;
  clock: Clock;
  policy?: ArchivePolicy;
  extraCertificates?: readonly Buffer[];
  /** Retries of a document's transient TSA/OCSP failures before it is failed (default 4 attempts, backoff). */
  retry?: RetryPolicy;
}

export interface RunOptions {
  /** Identifies this process in claims (default host:pid). */
  worker?: string;
  /** Documents claimed at a time (default 16). */
  batchSize?: number;
  /** Documents of a batch processed at once (default 4: TSA/OCSP round trips overlap). */
  concurrency?: number;
  /** An item whose processing crashed this many workers is failed (default 3). */
  maxAttempts?: number;
  onProgress?: (counts: RunCounts) => void | Promise<void>;
  signal?: AbortSignal;
}

export interface StartRunInput {
  kind?: RunKind;
  scope: RunScope;
  reason?: string | null;
  eventId?: string | null;
  createdBy?: string | null;
  /** How long a worker holds the documents it claimed; a crashed worker's documents wait this long (default 300 s). */
  claimSeconds?: number;
}

/**
 * Long-term validation of the signed PDFs of a set of organisations (before their certificates are revoked after a
 * merger), or of documents whose archive timestamp must be renewed. A run and its per-document items live in the
 * database; any number of workers may `run` the same run at once, and a restarted worker continues with what is not
 * done. The queue job that triggers `run` carries only the run id.
 */
export class AugmentationService {
  private readonly runs = new ArchiveRunRepository();
  private readonly augmenter: DocumentAugmenter;

  constructor(private readonly deps: ArchiveDeps) {
    if (!deps.trust.tsa) throw new ArchiveError(ArchiveErrorCode.TSA_REQUIRED);
    this.augmenter = new DocumentAugmenter({
      ...deps,
      policy: deps.policy ?? DEFAULT_ARCHIVE_POLICY,
      runs: this.runs,
    });
  }

  /** Creates a run over every document of the scope that has a signed file (or the listed documents). */
  async startRun(input: StartRunInput): Promise<ArchiveRun> {
    return inTransaction(this.deps.dataSource, async (tx) => {
      const q = sqlWithLists(tx);
      const orgs = input.scope.organisationIds ?? [];
      const docs = input.scope.documentIds ?? [];
      const found = await rows<{ id: string; organisation_id: string }>(
        tx,
        q`SELECT DISTINCT d.id, d.organisation_id FROM documents d JOIN document_files f ON f.document_id = d.id
          WHERE (d.organisation_id IN ${orgs} OR d.id IN ${docs}) AND f.kind IN ${['signed', 'sealed', 'received', 'attachment']} AND f.content_type = ${'application/pdf'}
          ORDER BY d.id`,
      );
      return this.runs.createRun(
        tx,
        {
          kind: input.kind ?? 'augment',
          reason: input.reason,
          eventId: input.eventId,
          scope: input.scope,
          level: 'B-LTA',
          claimSeconds: input.claimSeconds ?? 300,
          createdBy: input.createdBy,
          now: this.deps.clock.now(),
        },
        found.map((r) => ({ documentId: r.id, organisationId: r.organisation_id })),
      );
    });
  }

  /** The run for a merger or split: every document of the organisations that cease. */
  async startRunForEvent(
    eventId: string,
    input: Omit<StartRunInput, 'scope' | 'eventId'> = {},
  ): Promise<ArchiveRun> {
    const event = await inTransaction(this.deps.dataSource, (tx) =>
      tx.findOne(ReorganisationEvent, { where: { id: eventId } }),
    );
    if (!event)
      throw new ArchiveError(ArchiveErrorCode.RUN_NOT_FOUND, {
        eventId,
        reason: 'no such reorganisation event',
      });
    const organisationIds = dissolvedBy(event.details);
    if (organisationIds.length === 0)
      throw new ArchiveError(ArchiveErrorCode.NOTHING_TO_DO, {
        reason: `a ${event.kind} ends no organisation`,
      });
    return this.startRun({
      ...input,
      scope: { organisationIds },
      eventId,
      reason: input.reason ?? `${event.kind} effective ${event.effectiveDate}`,
    });
  }

  /**
   * Works on the run until no document is pending: claims a batch, checks its files' SHA-256 in one native batch,
   * augments the documents a few at a time, records each in its own transaction, reports progress. When the only
   * pending documents are claimed by another (possibly dead) worker, waits for those claims to run out and takes them.
   */
  async run(runId: string, options: RunOptions = {}): Promise<RunReport> {
    const worker = options.worker ?? `${hostname()}:${process.pid}`;
    const batchSize = options.batchSize ?? 16;
    const concurrency = Math.max(1, options.concurrency ?? 4);
    const maxAttempts = options.maxAttempts ?? 3;
    const ds = this.deps.dataSource;
    const run = await inTransaction(ds, (tx) => this.runs.requireRun(tx, runId));
    if (run.status === 'done' && run.report) return run.report;
    await inTransaction(ds, (tx) => this.runs.markStarted(tx, runId, this.deps.clock.now()));
    for (;;) {
      options.signal?.throwIfAborted();
      const claimed = await inTransaction(ds, (tx) =>
        this.runs.claim(tx, runId, worker, batchSize, this.deps.clock.now(), run.claimSeconds, maxAttempts),
      );
      if (claimed.length === 0) {
        const expiry = await inTransaction(ds, (tx) => this.runs.nextClaimExpiry(tx, runId));
        if (!expiry) break;
        const wait = Math.min(1_000, Math.max(50, expiry.getTime() - this.deps.clock.now().getTime() + 50));
        await new Promise((r) => setTimeout(r, wait));
        continue;
      }
      const loaded = await this.augmenter.loadBatch(claimed.map((i) => i.documentId));
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(concurrency, claimed.length) }, async () => {
          while (next < claimed.length) {
            const item = claimed[next++];
            await this.augmenter.process(item, loaded.get(item.documentId), { runKind: run.kind });
          }
        }),
      );
      if (options.onProgress)
        await options.onProgress(await inTransaction(ds, (tx) => this.runs.counts(tx, runId)));
    }
    return this.finish(runId);
  }

  async report(
    runId: string,
  ): Promise<{ run: ArchiveRun; counts: RunCounts; failures: RunReport['failures'] }> {
    return inTransaction(this.deps.dataSource, async (tx) => {
      const run = await this.runs.requireRun(tx, runId);
      const counts = await this.runs.counts(tx, runId);
      const failures = (await this.runs.items(tx, runId, ['failed'])).map((i) => ({
        documentId: i.documentId,
        organisationId: i.organisationId,
        reason: i.reason,
      }));
      return { run, counts, failures };
    });
  }

  /** Runs not finished (interrupted by a crash or never started), for a worker to resume at start-up. */
  unfinishedRuns(): Promise<ArchiveRun[]> {
    return inTransaction(this.deps.dataSource, (tx) =>
      this.runs.listRuns(tx, { status: ['pending', 'running'] }),
    );
  }

  private async finish(runId: string): Promise<RunReport> {
    return inTransaction(this.deps.dataSource, async (tx) => {
      const run = await this.runs.requireRun(tx, runId);
      if (run.status === 'done' && run.report) return run.report;
      const counts = await this.runs.counts(tx, runId);
      const failures = (await this.runs.items(tx, runId, ['failed'])).map((i) => ({
        documentId: i.documentId,
        organisationId: i.organisationId,
        reason: i.reason,
      }));
      const now = this.deps.clock.now();
      const report: RunReport = {
        counts,
        failures,
        elapsedSeconds: run.startedAt ? (now.getTime() - run.startedAt.getTime()) / 1000 : null,
      };
      await this.runs.finish(tx, runId, report, now);
      return report;
    });
  }
}
