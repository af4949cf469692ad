import type { ArchiveRun, AugmentationService, TimestampRenewalService } from '@kyso/archive';
import type { KysoConfig } from '@kyso/config';
import type { ArrivalRouter, AssignmentService } from '@kyso/documents';
import type { LineageService, ScheduledReorganisations } from '@kyso/org';
import { HOUR_MS, MINUTE_MS, type Period, type ScheduledJob, VIETNAM_DAY } from '@kyso/queue';

export const LINEAGE_MAINTENANCE_JOB = 'org.lineage-maintenance';
export const SCHEDULED_REORGANISATIONS_JOB = 'org.scheduled-reorganisations';
export const DEADLINE_SWEEP_JOB = 'documents.deadline-sweep';
/** The same name as the queue job it replaced (`TIMESTAMP_RENEWAL_JOB` of @kyso/archive). */
export const TIMESTAMP_RENEWAL_SCHEDULE = 'archive.renew-timestamps';

/** What the scheduled jobs work with: each process's composition root builds these once and hands them here. */
export interface ScheduledWork {
  lineage: LineageService;
  router: ArrivalRouter;
  reorganisations: ScheduledReorganisations;
  assignments: AssignmentService;
  /** Absent without a TSA: no augmentation after a merger, no renewal job. */
  augmentation?: AugmentationService;
  renewal?: TimestampRenewalService;
  /** Hands an archive run to whoever runs it here (this process in the embedded mode, the queue in production). */
  launchRun(run: ArchiveRun): Promise<unknown>;
  schedule: KysoConfig['schedule'];
}

/**
 * Every periodic job of kyso, the same list in every process that runs the scheduler (the API in the embedded mode,
 * each worker in production). Each is idempotent and catches up: it does what is due, whichever period runs it.
 */
export function scheduledJobs(work: ScheduledWork): ScheduledJob[] {
  const every = (period: Period): Period =>
    work.schedule.periodMs > 0 ? { everyMs: work.schedule.periodMs } : period;
  const jobs: ScheduledJob[] = [
    {
      // Renames, code changes and unit transfers whose date has come; items delivered to a ceased organisation.
      name: LINEAGE_MAINTENANCE_JOB,
      period: every({ everyMs: 10 * MINUTE_MS }),
      run: async () => {
        const applied = await work.lineage.applyDueChanges();
        const routed = await work.router.routeStranded();
        return { applied: applied.map((e) => e.id), routed: routed.map((r) => r.documentId) };
      },
    },
    {
      // Mergers and splits approved ahead apply at their instant (00:00 Vietnam time by default); the archives of
      // the organisations that ceased are augmented right after, and what was addressed to them is routed.
      name: SCHEDULED_REORGANISATIONS_JOB,
      period: every({ everyMs: MINUTE_MS }),
      run: async () => {
        const outcomes = await work.reorganisations.applyDue();
        const archiveRuns: string[] = [];
        for (const o of outcomes) {
          if (o.outcome !== 'applied' || !o.ceasedOrganisationIds.length || !work.augmentation) continue;
          const run = await work.augmentation.startRunForEvent(o.eventId, { createdBy: null });
          await work.launchRun(run);
          archiveRuns.push(run.id);
        }
        const routed = outcomes.some((o) => o.outcome === 'applied') ? await work.router.routeStranded() : [];
        return { outcomes, archiveRuns, routed: routed.map((r) => r.documentId) };
      },
    },
    {
      // Overdue and due-soon assignments, counted per organisation: the admin schedule shows the last count.
      name: DEADLINE_SWEEP_JOB,
      period: every({ everyMs: HOUR_MS }),
      run: async () => ({ ...(await work.assignments.deadlineSweep()) }),
    },
  ];
  const renewal = work.renewal;
  if (renewal)
    jobs.push({
      // Daily: until when every stored document is protected; a renewal run for those within the margin.
      name: TIMESTAMP_RENEWAL_SCHEDULE,
      period: every(VIETNAM_DAY),
      run: async () => {
        const scan = await renewal.scan();
        const run = await renewal.startRenewalRun();
        if (run) await work.launchRun(run);
        return {
          scanned: scan.scanned,
          due: scan.byState.due + scan.byState.unprotected,
          renewalRunId: run?.id ?? null,
        };
      },
    });
  return jobs;
}
