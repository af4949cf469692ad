import type { KysoConfig } from '@kyso/config';
import type { ScheduledReorganisations } from '@kyso/org';
import type { JobSchedule, Scheduler } from '@kyso/queue';
import type { JobScheduleDto, ScheduleDto } from './dto/schedule.dto';

function toDto(j: JobSchedule): JobScheduleDto {
  return {
    name: j.name,
    everyMs: j.everyMs,
    nextRunAt: j.nextRunAt.toISOString(),
    last: j.last && {
      periodKey: j.last.periodKey,
      claimedBy: j.last.claimedBy,
      claimedAt: j.last.claimedAt.toISOString(),
      finishedAt: j.last.finishedAt?.toISOString() ?? null,
      status: j.last.status,
      outcome: j.last.outcome,
    },
  };
}

/** The schedule as the admin endpoint and /health show it: last and next run of each job, held reorganisations. */
export class ScheduleReport {
  constructor(
    private readonly config: KysoConfig,
    private readonly scheduler: Scheduler,
    private readonly reorganisations: ScheduledReorganisations,
  ) {}

  get runner(): ScheduleDto['runner'] {
    return this.config.queue.kind === 'in-process' ? 'this-process' : 'workers';
  }

  async full(): Promise<ScheduleDto> {
    const [jobs, held] = await Promise.all([this.scheduler.schedule(), this.reorganisations.held()]);
    return {
      runner: this.runner,
      jobs: jobs.map(toDto),
      held: held.map((h) => ({
        id: h.id,
        kind: h.kind,
        effectiveDate: h.effectiveDate,
        heldAt: h.held?.at,
        reason: h.held?.reason,
        problems: h.held?.problems ?? [],
      })),
    };
  }

  /** The /health summary: one line per job, and how many reorganisations are held. */
  async summary(): Promise<{
    runner: ScheduleDto['runner'];
    held: number;
    jobs: Array<{ name: string; lastRunAt: string | null; lastStatus: string | null; nextRunAt: string }>;
  }> {
    const full = await this.full();
    return {
      runner: full.runner,
      held: full.held.length,
      jobs: full.jobs.map((j) => ({
        name: j.name,
        lastRunAt: j.last?.claimedAt ?? null,
        lastStatus: j.last?.status ?? null,
        nextRunAt: j.nextRunAt,
      })),
    };
  }
}
