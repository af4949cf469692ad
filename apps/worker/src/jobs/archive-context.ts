import { AugmentationService, TimestampRenewalService } from '@kyso/archive';
import { ArrivalRouter, AuditTrail, OrganisationHoldingsRepository } from '@kyso/documents';
import { LineageService, systemClock } from '@kyso/org';
import type { WorkerContext } from './job-definition';

export interface ArchiveWorkerServices {
  augmentation: AugmentationService | undefined;
  renewal: TimestampRenewalService | undefined;
  lineage: LineageService;
  router: ArrivalRouter;
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
  if (!trust.tsa) {
    services = {
      augmentation: undefined,
      renewal: undefined,
      lineage,
      router,
      unavailable: 'KYSO_TSA_URL is not set: B-LTA augmentation and renewal need a timestamp authority',
    };
  } else {
    const augmentation = new AugmentationService({ dataSource, blobStore, trust, audit, clock: systemClock });
    services = {
      augmentation,
      renewal: new TimestampRenewalService({ dataSource, blobStore, clock: systemClock }, augmentation),
      lineage,
      router,
    };
  }
  built.set(ctx, services);
  return services;
}

/**
 * Enqueues `name` every `everyMs` (first after `firstAfterMs`) under a job id per period, so that several workers
 * schedule it once per period. Timers are unref'd: they never keep a stopping worker alive.
 */
export function schedulePeriodic(
  ctx: WorkerContext,
  name: string,
  options: { everyMs: number; firstAfterMs: number; periodKey: (now: Date) => string },
): void {
  const tick = () =>
    ctx.queue
      .enqueue(name, {}, { jobId: `${name}:${options.periodKey(new Date())}` })
      .catch((err: unknown) => ctx.logger.warn({ err, job: name }, 'could not schedule job'));
  setTimeout(tick, options.firstAfterMs).unref();
  setInterval(tick, options.everyMs).unref();
}
