import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { VERIFY_BATCH_JOB, type VerificationBatchService } from '@kyso/archive';
import type { JobQueue } from '@kyso/queue';

/** Documents in flight when the API runs a batch itself: fewer than a worker's 32, the process also serves users. */
export const IN_PROCESS_JOBS = 8;

/**
 * Hands verification batches to whoever runs them. Production (REDIS_URL): a BullMQ job whose id is the batch id,
 * consumed by apps/worker. Embedded mode: this process, one batch at a time; batches a stop or crash left unfinished
 * are run again at start-up (from scratch — the batch's row says where it is, nothing else has to be kept).
 */
export class VerificationBatchLauncher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly here = new Set<string>();
  private tail: Promise<void> = Promise.resolve();
  private readonly stopping = new AbortController();

  constructor(
    private readonly service: VerificationBatchService,
    private readonly logger: Logger,
    /** The Redis queue in production; undefined in the embedded mode. */
    private readonly queue?: JobQueue,
  ) {}

  get mode(): 'queued' | 'in-process' {
    return this.queue ? 'queued' : 'in-process';
  }

  /** Safe to call again for the same batch (a retried request): the job id, or the set of batches here, dedupes. */
  async launch(batchId: string): Promise<void> {
    if (this.queue) await this.queue.enqueue(VERIFY_BATCH_JOB, { batchId }, { jobId: batchId });
    else this.runHere(batchId);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.queue) return; // the workers resume unfinished batches when they start
    const unfinished = await this.service.unfinished();
    for (const batch of unfinished) this.runHere(batch.id);
    if (unfinished.length)
      this.logger.info({ batches: unfinished.map((b) => b.id) }, 'resuming unfinished verification batches');
  }

  async onApplicationShutdown(): Promise<void> {
    // The batch in progress stops after the documents in flight and stays `running`: the next start runs it again.
    this.stopping.abort();
    await this.tail;
    await this.queue?.close();
  }

  /** Resolves once every batch handed to this process has been run (tests). */
  idle(): Promise<void> {
    return this.tail;
  }

  private runHere(batchId: string): void {
    if (this.stopping.signal.aborted || this.here.has(batchId)) return;
    this.here.add(batchId);
    this.tail = this.tail.then(async () => {
      try {
        if (this.stopping.signal.aborted) return;
        const view = await this.service.run(batchId, { jobs: IN_PROCESS_JOBS, signal: this.stopping.signal });
        this.logger.info(
          { batchId, state: view.state, done: view.done, counts: view.counts, rate: view.documentsPerSecond },
          view.state === 'running' ? 'verification batch stopped, to be resumed' : 'verification batch ended',
        );
      } catch (err) {
        this.logger.error({ err, batchId }, 'verification batch failed');
      } finally {
        this.here.delete(batchId);
      }
    });
  }
}
