import { archiveServices, schedulePeriodic } from './archive-context';
import type { JobDefinition, WorkerContext } from './job-definition';

export const LINEAGE_MAINTENANCE_JOB = 'org.lineage-maintenance';

/**
 * Every ten minutes: renames, code changes and unit transfers whose effective date has come take effect, and any
 * incoming document delivered to an organisation that has ceased moves to its successor (with a trace). Both are
 * idempotent.
 */
export const lineageMaintenanceJob: JobDefinition<
  Record<string, never>,
  { applied: string[]; routed: string[] }
> = {
  name: LINEAGE_MAINTENANCE_JOB,
  concurrency: 1,
  create(ctx: WorkerContext) {
    const { lineage, router } = archiveServices(ctx);
    schedulePeriodic(ctx, LINEAGE_MAINTENANCE_JOB, {
      everyMs: 10 * 60_000,
      firstAfterMs: 60_000,
      periodKey: (now) => now.toISOString().slice(0, 15),
    });
    return async () => {
      const applied = await lineage.applyDueChanges();
      const routed = await router.routeStranded();
      if (applied.length || routed.length)
        ctx.logger.info(
          { applied: applied.map((e) => e.id), routed: routed.map((r) => r.documentId) },
          'lineage maintenance',
        );
      return { applied: applied.map((e) => e.id), routed: routed.map((r) => r.documentId) };
    };
  },
};
