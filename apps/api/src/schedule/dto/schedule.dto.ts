import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class JobLeaseDto {
  @ApiProperty({ example: '2025-06-30T17:00:00.000Z', description: 'Start of the period the run was for' })
  periodKey: string;
  @ApiProperty({ example: 'worker@host:4242' }) claimedBy: string;
  @ApiProperty({ format: 'date-time' }) claimedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) finishedAt: string | null;
  @ApiProperty({ enum: ['running', 'ok', 'failed'] }) status: 'running' | 'ok' | 'failed';
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'What the run reported',
  })
  outcome: Record<string, unknown> | null;
}

export class JobScheduleDto {
  @ApiProperty({ example: 'org.scheduled-reorganisations' }) name: string;
  @ApiProperty({ example: 60000 }) everyMs: number;
  @ApiProperty({ type: JobLeaseDto, nullable: true }) last: JobLeaseDto | null;
  @ApiProperty({ format: 'date-time' }) nextRunAt: string;
}

export class HeldReorganisationDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['merge', 'split'] }) kind: string;
  @ApiProperty({ example: '2025-07-01' }) effectiveDate: string;
  @ApiPropertyOptional({ format: 'date-time' }) heldAt?: string;
  @ApiPropertyOptional() reason?: string;
  @ApiProperty({ type: [String] }) problems: string[];
}

export class ScheduleDto {
  @ApiProperty({
    enum: ['this-process', 'workers'],
    description: 'Who runs the jobs: the API itself (embedded mode) or the workers (production)',
  })
  runner: 'this-process' | 'workers';
  @ApiProperty({ type: [JobScheduleDto] }) jobs: JobScheduleDto[];
  @ApiProperty({ type: [HeldReorganisationDto], description: 'Approved reorganisations the scheduler held' })
  held: HeldReorganisationDto[];
}
