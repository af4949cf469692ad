import { Module } from '@nestjs/common';
import type { KysoConfig } from '@kyso/config';
import { ScheduledReorganisations } from '@kyso/org';
import type { Scheduler } from '@kyso/queue';
import { CONFIG } from '../core/tokens';
import { ReorganisationModule } from '../reorganisation/reorganisation.module';
import { ScheduleController } from './schedule.controller';
import { SCHEDULER, scheduleProviders } from './schedule.providers';
import { ScheduleReport } from './schedule.service';

/** The one scheduler of periodic jobs (run here in the embedded mode), and the schedule's report. */
@Module({
  imports: [ReorganisationModule],
  controllers: [ScheduleController],
  providers: [
    ...scheduleProviders,
    {
      provide: ScheduleReport,
      inject: [CONFIG, SCHEDULER, ScheduledReorganisations],
      useFactory: (config: KysoConfig, scheduler: Scheduler, reorganisations: ScheduledReorganisations) =>
        new ScheduleReport(config, scheduler, reorganisations),
    },
  ],
  exports: [SCHEDULER, ScheduleReport],
})
export class ScheduleModule {}
