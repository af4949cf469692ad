import { ApiProperty } from '@nestjs/swagger';

/** Response shapes of GET /health, for the OpenAPI document (HealthReport in health.service.ts). */
export class ComponentHealthDto {
  @ApiProperty() ok: boolean;
  @ApiProperty({ example: 'postgres' }) kind: string;
  @ApiProperty() detail: string;
}

export class QueueHealthDto {
  @ApiProperty({ example: 'bullmq' }) kind: string;
}

export class JobRunSummaryDto {
  @ApiProperty({ example: 'org.lineage-maintenance' }) name: string;
  @ApiProperty({ type: String, nullable: true, description: 'When the last run was claimed' })
  lastRunAt: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'done' }) lastStatus: string | null;
  @ApiProperty() nextRunAt: string;
}

export class ScheduleSummaryDto {
  @ApiProperty({
    enum: ['this-process', 'workers'],
    description: 'Who runs the jobs: the API itself (embedded mode) or the workers (production)',
  })
  runner: string;
  @ApiProperty({ description: 'Reorganisations held at their instant (details: GET /api/v1/admin/schedule)' })
  held: number;
  @ApiProperty({ type: JobRunSummaryDto, isArray: true }) jobs: JobRunSummaryDto[];
}

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'degraded'] }) status: string;
  @ApiProperty() version: string;
  @ApiProperty({ enum: ['embedded', 'production'] }) mode: string;
  @ApiProperty({ type: ComponentHealthDto }) database: ComponentHealthDto;
  @ApiProperty({ type: ComponentHealthDto }) storage: ComponentHealthDto;
  @ApiProperty({ type: QueueHealthDto }) queue: QueueHealthDto;
  @ApiProperty() uptimeSeconds: number;
  @ApiProperty({
    type: ScheduleSummaryDto,
    nullable: true,
    description: 'Last and next run of each scheduled job; null when the database cannot answer',
  })
  schedule: ScheduleSummaryDto | null;
}
