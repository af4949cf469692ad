import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { REORGANISATION_STATUSES, type ReorganisationStatus } from '@kyso/org';
import { IsCalendarDate } from '../../http/calendar-date';
import { MultilineText } from '../../http/text-rule';

/** An organisation or unit named by its id or identification code. */
const REF_LENGTH = 100;

/** What every reorganisation event carries. */
export class EventMetaDto {
  @ApiProperty({ example: '2025-07-01', description: 'First day in force; predecessors end the day before' })
  @IsCalendarDate()
  effectiveDate: string;

  @ApiPropertyOptional({ example: 'Nghị quyết 1656/NQ-UBTVQH15' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  decision?: string;

  @ApiPropertyOptional()
  @MultilineText()
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  note?: string;
}

export class MergeDto extends EventMetaDto {
  @ApiProperty({
    example: ['000.00.31.H41', '000.00.32.H41'],
    description: 'Ids or identification codes of the organisations that merge',
  })
  @IsArray()
  @ArrayMinSize(1)
  @IsString({ each: true })
  @MaxLength(REF_LENGTH, { each: true })
  from: string[];

  @ApiProperty({
    example: '000.00.35.H41',
    description: 'The organisation that continues (may be one of `from`)',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(REF_LENGTH)
  into: string;
}

export class SplitDto extends EventMetaDto {
  @ApiProperty({ example: '000.00.31.H41' }) @IsString() @MinLength(1) @MaxLength(REF_LENGTH) from: string;
  @ApiProperty({ example: ['000.00.36.H41', '000.00.37.H41'] })
  @IsArray()
  @ArrayMinSize(2)
  @IsString({ each: true })
  @MaxLength(REF_LENGTH, { each: true })
  into: string[];
  @ApiPropertyOptional({
    description: 'Receives items still addressed to the old organisation (default the first)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(REF_LENGTH)
  primary?: string;
}

export class RenameDto extends EventMetaDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(REF_LENGTH) organisation: string;
  @ApiProperty({ example: 'UBND phường Tân Hòa' }) @IsString() @MinLength(1) @MaxLength(300) name: string;
  @ApiPropertyOptional({ example: 'UBND' }) @IsOptional() @IsString() @MaxLength(30) shortName?: string;
}

export class CodeChangeDto extends EventMetaDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(REF_LENGTH) organisation: string;
  @ApiProperty({ example: '000.00.70.H41' }) @IsString() @MaxLength(35) code: string;
}

export class UnitTransferDto extends EventMetaDto {
  @ApiProperty() @IsString() @MaxLength(REF_LENGTH) unitId: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(REF_LENGTH) to: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20) abbreviation?: string;
}

export class UserDecisionDto {
  @ApiProperty({ enum: ['move', 'deactivate'] }) @IsIn(['move', 'deactivate']) action: 'move' | 'deactivate';
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(REF_LENGTH)
  unitId?: string | null;
}

/** The administrator's decisions for the continuity of a merger or split (see ContinuityDecisions). */
export class ContinuityDecisionsDto {
  @ApiPropertyOptional({
    description: 'unit of a ceasing organisation → unit of a successor',
    type: 'object',
    additionalProperties: { type: 'string' },
    example: {},
  })
  @IsOptional()
  @IsObject()
  units?: Record<string, string>;

  @ApiPropertyOptional({
    description: 'user id → move (to a unit) or deactivate',
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(UserDecisionDto) },
    example: {},
  })
  @IsOptional()
  @IsObject()
  users?: Record<string, UserDecisionDto>;

  @ApiPropertyOptional({
    description: 'assignment id → unit of the successor its document goes to',
    type: 'object',
    additionalProperties: { type: 'string' },
    example: {},
  })
  @IsOptional()
  @IsObject()
  assignments?: Record<string, string>;
}

export class ApplyDto {
  @ApiProperty({ type: ContinuityDecisionsDto })
  @ValidateNested()
  @Type(() => ContinuityDecisionsDto)
  decisions: ContinuityDecisionsDto;

  @ApiProperty({ description: 'planHash of the dry run the administrator confirmed' })
  @Matches(/^[0-9a-f]{64}$/)
  planHash: string;
}

export class ApproveDto extends ApplyDto {
  @ApiPropertyOptional({
    example: '2025-07-01T00:00:00+07:00',
    description:
      'When the scheduler applies it; default and earliest: 00:00 Vietnam time on the effective date',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  applyAt?: string;
}

export class AtQuery {
  @ApiPropertyOptional({ example: '2025-07-01' }) @IsOptional() @IsCalendarDate() at?: string;
}

export class EventsQuery {
  @ApiPropertyOptional({ enum: REORGANISATION_STATUSES })
  @IsOptional()
  @IsIn(REORGANISATION_STATUSES)
  status?: ReorganisationStatus;
}

/** Response shape of a recorded reorganisation event, for the OpenAPI document. */
export class ReorganisationEventDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['merge', 'split', 'rename', 'code-change', 'unit-transfer'] }) kind: string;
  @ApiProperty({ example: '2025-07-01' }) effectiveDate: string;
  @ApiProperty({ enum: REORGANISATION_STATUSES }) status: string;
  @ApiProperty({ nullable: true, type: String }) decision: string | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'What the event changes: organisations from/into, names, codes, units (by kind)',
  })
  details: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String }) recordedBy: string | null;
  @ApiProperty() recordedAt: Date;
  @ApiProperty({ nullable: true, type: String }) appliedBy: string | null;
  @ApiProperty({ nullable: true, type: Date }) appliedAt: Date | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Who approved it ahead' })
  approvedBy?: string | null;
  @ApiPropertyOptional({ nullable: true, type: Date }) approvedAt?: Date | null;
  @ApiPropertyOptional({
    nullable: true,
    type: 'object',
    additionalProperties: true,
    description: 'The plan approved ahead (hash, decisions, when it applies) and, once held, why',
  })
  approval?: Record<string, unknown> | null;
  @ApiProperty({
    nullable: true,
    type: 'object',
    additionalProperties: true,
    description: 'The continuity carried out when the event was applied',
  })
  application: Record<string, unknown> | null;
}

export class ContinuityCountsDto {
  @ApiProperty() registersClosed: number;
  @ApiProperty() documentsMoved: number;
  @ApiProperty() assignmentsMoved: number;
  @ApiProperty() usersMoved: number;
  @ApiProperty() usersDeactivated: number;
  @ApiProperty() unitsClosed: number;
}

export class AppliedReorganisationDto {
  @ApiProperty({ type: ReorganisationEventDto, description: 'The event, now applied' })
  event: ReorganisationEventDto;
  @ApiProperty({ type: ContinuityCountsDto }) counts: ContinuityCountsDto;
}

export class ArchiveRunStartedDto {
  @ApiProperty() runId: string;
  @ApiProperty({
    enum: ['queued', 'in-process'],
    description: 'queued for apps/worker (production) or run by this process (embedded)',
  })
  mode: string;
}

/** Response shapes of the dry run (ContinuityPlan in libs/org continuity-plan.ts). */
export class OrganisationLabelDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) code: string | null;
}

export class RegisterClosureDto {
  @ApiProperty() id: string;
  @ApiProperty() organisationId: string;
  @ApiProperty() kind: string;
  @ApiProperty() year: number;
  @ApiProperty() series: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'The last number handed out (0 when none)' }) lastNumber: number;
  @ApiProperty() alreadyClosed: boolean;
}

export class DocumentTransferDto {
  @ApiProperty() documentId: string;
  @ApiProperty() organisationId: string;
  @ApiProperty({ enum: ['incoming', 'outgoing'] }) direction: string;
  @ApiProperty() status: string;
  @ApiProperty({ type: Number, nullable: true }) registerNumber: number | null;
  @ApiProperty({ type: String, nullable: true }) numberSymbol: string | null;
  @ApiProperty() subject: string;
  @ApiProperty({ type: String, nullable: true }) dueDate: string | null;
  @ApiProperty() targetOrganisationId: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Drafts only: the successor unit their drafting unit maps to',
  })
  targetDraftingUnitId?: string | null;
}

export class AssignmentTransferDto {
  @ApiProperty() id: string;
  @ApiProperty() documentId: string;
  @ApiProperty() role: string;
  @ApiProperty() status: string;
  @ApiProperty({ type: String, nullable: true }) unitId: string | null;
  @ApiProperty({ type: String, nullable: true }) userId: string | null;
  @ApiProperty({ type: String, nullable: true }) deadline: string | null;
  @ApiProperty() targetOrganisationId: string;
  @ApiProperty({ type: String, nullable: true }) targetUnitId: string | null;
}

export class UserTransferDto {
  @ApiProperty() id: string;
  @ApiProperty() username: string;
  @ApiProperty() fullName: string;
  @ApiProperty() organisationId: string;
  @ApiProperty({ type: String, nullable: true }) unitId: string | null;
  @ApiProperty({ enum: ['move', 'deactivate'] }) action: string;
  @ApiProperty({ type: String, nullable: true }) targetOrganisationId: string | null;
  @ApiProperty({ type: String, nullable: true }) targetUnitId: string | null;
}

export class UnitMappingDto {
  @ApiProperty() id: string;
  @ApiProperty() organisationId: string;
  @ApiProperty() abbreviation: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) targetUnitId: string | null;
  @ApiProperty({ description: 'Open work, drafts or users refer to it: it must be mapped' }) inUse: boolean;
}

export class AttentionItemDto {
  @ApiProperty() documentId: string;
  @ApiProperty() organisationId: string;
  @ApiProperty() status: string;
  @ApiProperty({ type: String, nullable: true }) numberSymbol: string | null;
  @ApiProperty() subject: string;
  @ApiProperty() reason: string;
}

export class ContinuityPlanDto {
  @ApiProperty() eventId: string;
  @ApiProperty({ enum: ['merge', 'split'] }) kind: string;
  @ApiProperty({ example: '2025-07-01' }) effectiveDate: string;
  @ApiProperty({ type: OrganisationLabelDto, isArray: true }) ceasing: OrganisationLabelDto[];
  @ApiProperty({ type: OrganisationLabelDto, isArray: true }) successors: OrganisationLabelDto[];
  @ApiProperty({ type: RegisterClosureDto, isArray: true }) registers: RegisterClosureDto[];
  @ApiProperty({ type: DocumentTransferDto, isArray: true }) documents: DocumentTransferDto[];
  @ApiProperty({ type: AssignmentTransferDto, isArray: true }) assignments: AssignmentTransferDto[];
  @ApiProperty({ type: UserTransferDto, isArray: true }) users: UserTransferDto[];
  @ApiProperty({ type: UnitMappingDto, isArray: true }) units: UnitMappingDto[];
  @ApiProperty({
    type: AttentionItemDto,
    isArray: true,
    description: 'Signed or numbered outgoing documents not yet dispatched: someone must decide',
  })
  attention: AttentionItemDto[];
  @ApiProperty({ description: 'Documents of the ceasing organisations with signed files (for augmentation)' })
  signedDocuments: number;
  @ApiProperty({ type: String, isArray: true, description: 'Why the plan cannot be applied as it stands' })
  problems: string[];
  @ApiProperty({
    description: 'Fingerprint of the actions; apply and approve refuse if the work changed since',
  })
  planHash: string;
}
