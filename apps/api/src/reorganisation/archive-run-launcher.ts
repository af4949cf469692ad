import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import {
  ARCHIVE_AUGMENT_JOB,
  ArchiveError,
  ArchiveErrorCode,
  type ArchiveRun,
  type AugmentationService,
  type TimestampRenewalService,
} from '@kyso/archive';
import type { KysoConfig } from '@kyso/config';
import { createJobQueue } from '@kyso/queue';

/**
 * Hands archive runs to whoever executes them: the workers through BullMQ in production; this process in the
 * embedded mode (the run's state is in the database, so runs interrupted by a restart are resumed at start-up).
 */
export class ArchiveRunLauncher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly running = new Set<Promise<unknown>>();
  private stopping = false;

  constructor(
    private readonly config: KysoConfig,
    readonly augmentation: AugmentationService | undefined,
    readonly renewal: TimestampRenewalService | undefined,
    private readonly logger: Logger,
  ) {}

  service(): AugmentationService {
    if (!this.augmentation) throw new ArchiveError(ArchiveErrorCode.TSA_REQUIRED);
    return this.augmentation;
  }

  async launch(run: ArchiveRun): Promise<{ runId: string; mode: 'queued' | 'in-process' }> {
    if (this.config.queue.kind === 'redis') {
      const queue = createJobQueue(this.config.queue);
      try {
        await queue.enqueue(ARCHIVE_AUGMENT_JOB, { runId: run.id }, { jobId: run.id });
      } finally {
        await queue.close();
      }
      return { runId: run.id, mode: 'queued' };
    }
    this.runHere(run.id);
    return { runId: run.id, mode: 'in-process' };
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.queue.kind === 'redis' || !this.augmentation) return;
    for (const run of await this.augmentation.unfinishedRuns()) this.runHere(run.id);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    // A run stopped here keeps its state; the claims of its documents run out and the next start resumes it.
    await Promise.allSettled([...this.running]);
  }

  private runHere(runId: string): void {
    if (this.stopping) return;
    const controller = new AbortController();
    const work = this.service()
      .run(runId, { signal: controller.signal })
      .then((report) => this.logger.info({ runId, counts: report.counts }, 'archive run finished'))
      .catch((err: unknown) => this.logger.error({ err, runId }, 'archive run stopped'))
      .finally(() => this.running.delete(work));
    this.running.add(work);
  }
}
