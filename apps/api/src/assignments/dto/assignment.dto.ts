import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { FormBoolean } from '../../documents/dto/form-transforms';
import { IsCalendarDate } from '../../http/calendar-date';
import { MultilineText } from '../../http/text-rule';
import { DocumentAssignmentDto, DocumentDto } from '../../documents/dto/document-response.dto';

export class AssigneeDto {
  @ApiPropertyOptional({ description: 'A unit (phòng/ban) …' })
  @ValidateIf((o: AssigneeDto) => !o.userId)
  @IsUUID()
  unitId?: string;
  @ApiPropertyOptional({ description: '… or a person' })
  @ValidateIf((o: AssigneeDto) => !o.unitId)
  @IsUUID()
  userId?: string;
}

export class AssignDto {
  @ApiProperty({ type: AssigneeDto, description: 'Đơn vị/cá nhân chủ trì' })
  @ValidateNested()
  @Type(() => AssigneeDto)
  lead: AssigneeDto;
  @ApiPropertyOptional({ type: AssigneeDto, isArray: true, description: 'Phối hợp' })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AssigneeDto)
  coordinators?: AssigneeDto[];
  @ApiPropertyOptional({ type: AssigneeDto, isArray: true, description: 'Để biết' })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AssigneeDto)
  forInformation?: AssigneeDto[];
  @ApiPropertyOptional({ example: 'Giao phòng VX chủ trì, báo cáo trước ngày 20/7' })
  @MultilineText()
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  instruction?: string;
  @ApiPropertyOptional({ example: '2025-07-20' })
  @IsOptional()
  @IsCalendarDate()
  deadline?: string;
}

export class ProgressDto {
  @ApiProperty({ example: 'Đã họp triển khai' })
  @MultilineText()
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  note: string;
  @ApiPropertyOptional({ minimum: 0, maximum: 100 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  percent?: number;
  @ApiPropertyOptional({ description: 'The work is finished' })
  @IsOptional()
  @IsBoolean()
  completed?: boolean;
}

export class ListAssignmentsQuery {
  @ApiPropertyOptional({ enum: ['overdue', 'due-soon'] }) @IsOptional() @IsIn(['overdue', 'due-soon']) due?:
    'overdue' | 'due-soon';
  @ApiPropertyOptional({ default: 3 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(60)
  days?: number;
  @ApiPropertyOptional({ description: 'Only my own and my unit’s' })
  @IsOptional()
  @FormBoolean()
  @IsBoolean()
  mine?: boolean;
}

/** Response shapes, for the OpenAPI document. */
export class AssignedDto {
  @ApiProperty({ type: DocumentDto, description: 'The document, 04 assigned' }) document: DocumentDto;
  @ApiProperty({ type: DocumentAssignmentDto, isArray: true }) assignments: DocumentAssignmentDto[];
}

export class ProgressedDto {
  @ApiProperty({ type: DocumentAssignmentDto }) assignment: DocumentAssignmentDto;
  @ApiProperty({ type: DocumentDto, description: 'The document, 05 in progress or 06 done' })
  document: DocumentDto;
}

export class AssignmentDocumentDto {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) numberSymbol: string | null;
  @ApiProperty() subject: string;
  @ApiProperty({ nullable: true, type: Number }) registerNumber: number | null;
  @ApiProperty({ nullable: true, type: String }) senderName: string | null;
  @ApiProperty() status: string;
  @ApiProperty() urgency: string;
}

export class AssignmentListItemDto extends DocumentAssignmentDto {
  @ApiProperty({ type: AssignmentDocumentDto }) document: AssignmentDocumentDto;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Days until the deadline, negative when overdue',
  })
  daysLeft: number | null;
}
