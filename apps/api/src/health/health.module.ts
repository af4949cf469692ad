import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';
import { ScheduleModule } from '../schedule/schedule.module';

@Module({ imports: [ScheduleModule], controllers: [HealthController], providers: [HealthService] })
export class HealthModule {}
