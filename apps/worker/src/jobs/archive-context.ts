import { ARCHIVE_AUGMENT_JOB, AugmentationService, TimestampRenewalService } from '@kyso/archive';
import {
  ArrivalRouter,
  AssignmentService,
  AuditTrail,
  OrganisationHoldingsRepository,
} from '@kyso/documents';
import { LineageService, ReorganisationService, ScheduledReorganisations, systemClock } from '@kyso/org';
import type { ScheduledWork } from '../../../api/src/schedule/scheduled-jobs';
import type { WorkerContext } from './job-definition';

export interface ArchiveWorkerServices {
  augmentation: AugmentationService | undefined;
  renewal: TimestampRenewalService | undefined;
  lineage: LineageService;
  router: ArrivalRouter;
  /** What the scheduled jobs work with (the same list the API runs in the embedded mode). */
  scheduled: ScheduledWork;
  /** Why archive jobs cannot run here (no TSA configured), if they cannot. */
  unavailable?: string;
}

const built = new WeakMap<WorkerContext, ArchiveWorkerServices>();

/** The archive and lineage services over the worker's database, blobs and trust services (one set per context). */
export function archiveServices(ctx: WorkerContext): ArchiveWorkerServices {
  let services = built.get(ctx);
  if (services) return services;
  const { dataSource, blobStore, trust } = ctx;
  const audit = new AuditTrail();
  const holdings = new OrganisationHoldingsRepository();
  const lineage = new LineageService(dataSource, systemClock, audit, holdings);
  const router = new ArrivalRouter(dataSource, systemClock, audit, lineage, holdings);
  const continuity = new ReorganisationService(dataSource, systemClock, audit, holdings);
  const augmentation = trust.tsa
    ? new AugmentationService({ dataSource, blobStore, trust, audit, clock: systemClock })
    : undefined;
  const renewal = augmentation
    ? new TimestampRenewalService({ dataSource, blobStore, clock: systemClock }, augmentation)
    : undefined;
  const scheduled: ScheduledWork = {
    lineage,
    router,
    reorganisations: new ScheduledReorganisations(dataSource, systemClock, audit, continuity),
    assignments: new AssignmentService(dataSource, systemClock, audit),
    augmentation,
    renewal,
    launchRun: (run) => ctx.queue.enqueue(ARCHIVE_AUGMENT_JOB, { runId: run.id }, { jobId: run.id }),
    schedule: ctx.config.schedule,
  };
  services = {
    augmentation,
    renewal,
    lineage,
    router,
    scheduled,
    unavailable: augmentation
      ? undefined
      : 'KYSO_TSA_URL is not set: B-LTA augmentation and renewal need a timestamp authority',
  };
  built.set(ctx, services);
  return services;
}
