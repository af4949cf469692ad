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

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'degraded'] }) status: string;
  @ApiProperty() version: string;
  @ApiProperty({ enum: ['embedded', 'production'] }) mode: string;
  @ApiProperty({ type: ComponentHealthDto }) database: ComponentHealthDto;
  @ApiProperty({ type: ComponentHealthDto }) storage: ComponentHealthDto;
  @ApiProperty({ type: QueueHealthDto }) queue: QueueHealthDto;
  @ApiProperty() uptimeSeconds: number;
}
