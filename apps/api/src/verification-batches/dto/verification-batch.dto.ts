import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsISO8601, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { BATCH_STATES } from '@kyso/archive';

export class CreateVerificationBatchDto {
  @ApiProperty({ format: 'uuid', description: 'The organisation whose signed documents are verified' })
  @IsUUID()
  organisationId: string;

  @ApiPropertyOptional({
    default: true,
    description: 'Also the documents of the organisations it inherited records from (merged communes)',
  })
  @IsOptional()
  @IsBoolean()
  includePredecessors?: boolean;

  @ApiPropertyOptional({
    example: '2025-07-01T00:00:00+07:00',
    description:
      'Validate as of this time (ISO 8601, not in the future); default: when each document is checked',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  at?: string;
}

export class ListVerificationBatchesQueryDto {
  @ApiProperty({ format: 'uuid', description: 'The organisation whose batches are listed' })
  @IsUUID()
  organisationId: string;

  @ApiPropertyOptional({
    default: 20,
    minimum: 1,
    maximum: 100,
    description: 'Newest first, at most this many',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class VerdictCountsDto {
  @ApiProperty() TOTAL_PASSED: number;
  @ApiProperty() TOTAL_FAILED: number;
  @ApiProperty() INDETERMINATE: number;
  @ApiProperty() NO_SIGNATURE: number;
  @ApiProperty() ERROR: number;
}

/** A batch as the API answers it (response shape, for the OpenAPI document). */
export class VerificationBatchDto {
  @ApiProperty() id: string;
  @ApiProperty() organisationId: string;
  @ApiProperty({
    type: String,
    isArray: true,
    description: 'Every organisation whose documents are in scope',
  })
  organisationIds: string[];
  @ApiProperty() includePredecessors: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'Validation time asked for' }) at: string | null;
  @ApiProperty() requestedBy: string;
  @ApiProperty({ enum: BATCH_STATES }) state: string;
  @ApiProperty({ description: 'Documents in scope (0 until the runner has listed them)' }) total: number;
  @ApiProperty() done: number;
  @ApiProperty({ description: '0–100; 100 once completed' }) percent: number;
  @ApiProperty({ type: VerdictCountsDto, description: 'Documents per file verdict so far' })
  counts: VerdictCountsDto;
  @ApiProperty({ nullable: true, type: Number }) documentsPerSecond: number | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) startedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) finishedAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why the batch failed' }) error: string | null;
  @ApiProperty({ description: 'GET …/results can be downloaded' }) resultsAvailable: boolean;
}

export class VerificationBatchListDto {
  @ApiProperty({ type: VerificationBatchDto, isArray: true }) items: VerificationBatchDto[];
}
