import { hostname } from 'node:os';
import type { OnApplicationBootstrap, OnApplicationShutdown, Provider } from '@nestjs/common';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { KysoConfig } from '@kyso/config';
import { ArrivalRouter, type DomainServices } from '@kyso/documents';
import { type Clock, LineageService, ScheduledReorganisations } from '@kyso/org';
import { Scheduler } from '@kyso/queue';
import { CLOCK, CONFIG, DATA_SOURCE, LOGGER } from '../core/tokens';
import { DOMAIN } from '../domain/domain.module';
import { ArchiveRunLauncher } from '../reorganisation/archive-run-launcher';
import { scheduledJobs } from './scheduled-jobs';

export const SCHEDULER = Symbol('kyso.scheduler');

/**
 * Starts the scheduler in the embedded mode, where nothing else would run the periodic jobs. In production the
 * workers run it; this process still builds it to answer for the schedule (GET /admin/schedule, /health).
 */
export class SchedulerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly scheduler: Scheduler,
    private readonly runsHere: boolean,
  ) {}

  onApplicationBootstrap(): void {
    if (this.runsHere) this.scheduler.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.scheduler.stop();
  }
}

export const scheduleProviders: Provider[] = [
  {
    provide: SCHEDULER,
    inject: [
      CONFIG,
      DATA_SOURCE,
      CLOCK,
      LOGGER,
      LineageService,
      ArrivalRouter,
      ScheduledReorganisations,
      DOMAIN,
      ArchiveRunLauncher,
    ],
    useFactory: (
      config: KysoConfig,
      ds: DataSource,
      clock: Clock,
      logger: Logger,
      lineage: LineageService,
      router: ArrivalRouter,
      reorganisations: ScheduledReorganisations,
      domain: DomainServices,
      archive: ArchiveRunLauncher,
    ) =>
      new Scheduler({
        dataSource: ds,
        clock,
        owner: `api@${hostname()}:${process.pid}`,
        tickMs: config.schedule.tickMs,
        jobs: scheduledJobs({
          lineage,
          router,
          reorganisations,
          assignments: domain.assignments,
          augmentation: archive.augmentation,
          renewal: archive.renewal,
          launchRun: (run) => archive.launch(run),
          schedule: config.schedule,
        }),
        log: (level, message, data) => logger[level](data, message),
      }),
  },
  {
    provide: SchedulerLifecycle,
    inject: [SCHEDULER, CONFIG],
    useFactory: (scheduler: Scheduler, config: KysoConfig) =>
      new SchedulerLifecycle(scheduler, config.queue.kind === 'in-process'),
  },
];
