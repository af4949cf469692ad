import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  DOCUMENT_STATUSES,
  FILE_KINDS,
  type FileKind,
  RELATIONS,
  type Relation,
  SECRECY_LEVELS,
  type Secrecy,
  URGENCIES,
  type Urgency,
} from '@kyso/documents';
import { IsCalendarDate } from '../../http/calendar-date';
import { MultilineText } from '../../http/text-rule';
import { EmptyAsUndefined, FormBoolean, FormInteger, FormJson } from './form-transforms';

/** Deepest page of a search: beyond it, narrow the filters (the offset stays far from any integer limit). */
export const MAX_PAGE = 100_000;

export class RegisterIncomingDto {
  @ApiPropertyOptional({
    description: 'Sổ văn bản đến; defaults to the organisation’s main incoming register of the year',
  })
  @EmptyAsUndefined()
  @IsOptional()
  @IsUUID()
  registerId?: string;

  @ApiProperty({ example: 'cong-van', description: 'Document type code (GET /api/v1/document-types)' })
  @IsString()
  @MinLength(1)
  @MaxLength(30)
  typeCode: string;

  @ApiPropertyOptional({ example: '15/UBND-VX', description: 'Số, ký hiệu of the sender' })
  @EmptyAsUndefined()
  @IsOptional()
  @IsString()
  @MaxLength(80)
  numberSymbol?: string;

  @ApiPropertyOptional({ example: '2025-07-10' })
  @EmptyAsUndefined()
  @IsOptional()
  @IsCalendarDate()
  documentDate?: string;

  @ApiProperty({ example: 'Về việc tổ chức Tết Trung thu năm 2025', description: 'Trích yếu' })
  @MultilineText()
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  subject: string;

  @ApiPropertyOptional({ example: 'Nguyễn Văn A' })
  @EmptyAsUndefined()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  signerName?: string;
  @ApiPropertyOptional({ example: 'Chủ tịch' })
  @MultilineText()
  @EmptyAsUndefined()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  signerTitle?: string;

  @ApiPropertyOptional({ enum: URGENCIES, default: 'normal' })
  @EmptyAsUndefined()
  @IsOptional()
  @IsIn(URGENCIES)
  urgency?: Urgency;
  @ApiPropertyOptional({ enum: SECRECY_LEVELS, default: 'none' })
  @EmptyAsUndefined()
  @IsOptional()
  @IsIn(SECRECY_LEVELS)
  secrecy?: Secrecy;

  @ApiProperty({ example: 'Ủy ban nhân dân huyện Tân Phú', description: 'Cơ quan gửi (tác giả)' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  senderName: string;

  @ApiPropertyOptional({ example: '000.00.10.H41', description: 'Mã định danh of the sender, when known' })
  @EmptyAsUndefined()
  @IsOptional()
  @IsString()
  @MaxLength(35)
  senderCode?: string;

  @ApiPropertyOptional({ example: '2025-07-20', description: 'Hạn xử lý' })
  @EmptyAsUndefined()
  @IsOptional()
  @IsCalendarDate()
  dueDate?: string;

  @ApiPropertyOptional({ example: 1 })
  @FormInteger()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100000)
  copies?: number;
  @ApiPropertyOptional()
  @MultilineText()
  @EmptyAsUndefined()
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  note?: string;

  @ApiPropertyOptional({
    description: 'Register although the same sender + number/symbol + year was registered already',
  })
  @FormBoolean()
  @IsOptional()
  @IsBoolean()
  acceptDuplicate?: boolean;
}

export class RecipientDto {
  @ApiPropertyOptional({ description: 'An organisation on this kyso: it receives the document directly' })
  @ValidateIf((o: RecipientDto) => !o.name && !o.code)
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({
    example: '000.00.91.H99',
    description:
      'An organisation on this kyso by its identification code (current or historical), resolved through the ' +
      "lineage: a merged commune's old code is delivered to its successor (the answer says so in routedFrom)",
  })
  @ValidateIf((o: RecipientDto) => o.code !== undefined)
  @IsString()
  @MaxLength(35)
  @Matches(/^[0-9A-Za-z]+(\.[0-9A-Za-z]+)*$/)
  code?: string;

  @ApiPropertyOptional({
    example: 'Công an huyện Tân Phú',
    description: 'Anyone else: receives a download link',
  })
  @ValidateIf((o: RecipientDto) => !o.organisationId && !o.code)
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name?: string;

  @ApiPropertyOptional({ example: 'vanthu@example.gov.vn' })
  @IsOptional()
  @IsEmail()
  @MaxLength(200)
  email?: string;
}

export class RelatesToDto {
  @ApiProperty() @IsUUID() documentId: string;
  @ApiProperty({ enum: RELATIONS, description: 'recall (thu hồi), replace (thay thế), correct (đính chính)' })
  @IsIn(RELATIONS)
  relation: Relation;
}

export class CreateOutgoingDto {
  @ApiProperty({ example: 'quyet-dinh' }) @IsString() @MinLength(1) @MaxLength(30) typeCode: string;

  @ApiProperty({ example: 'Quyết định về việc khen thưởng', description: 'Trích yếu' })
  @MultilineText()
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  subject: string;

  @ApiPropertyOptional({ description: 'Sổ văn bản đi; defaults to the main outgoing register' })
  @EmptyAsUndefined()
  @IsOptional()
  @IsUUID()
  registerId?: string;
  @ApiPropertyOptional({ description: 'Đơn vị soạn thảo; defaults to the author’s unit' })
  @EmptyAsUndefined()
  @IsOptional()
  @IsUUID()
  draftingUnitId?: string;
  @ApiPropertyOptional({ enum: URGENCIES })
  @EmptyAsUndefined()
  @IsOptional()
  @IsIn(URGENCIES)
  urgency?: Urgency;
  @ApiPropertyOptional({ enum: SECRECY_LEVELS })
  @EmptyAsUndefined()
  @IsOptional()
  @IsIn(SECRECY_LEVELS)
  secrecy?: Secrecy;
  @ApiPropertyOptional({ example: '2025-08-15' })
  @EmptyAsUndefined()
  @IsOptional()
  @IsCalendarDate()
  dueDate?: string;
  @ApiPropertyOptional() @FormInteger() @IsOptional() @IsInt() @Min(1) @Max(100000) copies?: number;
  @ApiPropertyOptional()
  @MultilineText()
  @EmptyAsUndefined()
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  note?: string;

  @ApiPropertyOptional({
    type: RecipientDto,
    isArray: true,
    description: 'Nơi nhận (a JSON array in a multipart form)',
  })
  @FormJson(RecipientDto)
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RecipientDto)
  recipients?: RecipientDto[];

  @ApiPropertyOptional({
    type: RelatesToDto,
    description: 'For a recall, replacement or correction letter (JSON in a multipart form)',
  })
  @FormJson(RelatesToDto)
  @IsOptional()
  @ValidateNested()
  @Type(() => RelatesToDto)
  relatesTo?: RelatesToDto;
}

export class AddVersionDto {
  @ApiProperty({
    enum: FILE_KINDS,
    example: 'signed',
    description: 'draft, signed (by the leader), sealed (organisation signature), attachment',
  })
  @IsIn(FILE_KINDS)
  kind: FileKind;
}

export class SearchDocumentsQuery {
  @ApiPropertyOptional({ example: 'quyet dinh khen thuong', description: 'Ignores diacritics and case' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
  @ApiPropertyOptional({ enum: ['incoming', 'outgoing'] })
  @IsOptional()
  @IsIn(['incoming', 'outgoing'])
  direction?: 'incoming' | 'outgoing';
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(30) typeCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() registerId?: string;
  @ApiPropertyOptional({ enum: DOCUMENT_STATUSES }) @IsOptional() @IsIn(DOCUMENT_STATUSES) status?: string;
  @ApiPropertyOptional({ example: '2025-01-01' })
  @IsOptional()
  @IsCalendarDate()
  dateFrom?: string;
  @ApiPropertyOptional({ example: '2025-12-31' })
  @IsOptional()
  @IsCalendarDate()
  dateTo?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() assigneeUserId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() assigneeUnitId?: string;
  @ApiPropertyOptional({ default: 1, maximum: MAX_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page?: number;
  @ApiPropertyOptional({ default: 20, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize?: number;
}

export class ReasonDto {
  @ApiProperty({ example: 'Sai thẩm quyền ban hành' })
  @MultilineText()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason: string;
}

export class NoteDto {
  @ApiProperty({ example: 'Đề nghị bổ sung số liệu' })
  @MultilineText()
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  note: string;
}

export class SignDto {
  @ApiPropertyOptional({
    example: 'KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH',
    description: 'Defaults to the leader’s title',
  })
  @MultilineText()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  signerTitle?: string;
}

export class PresentDto {
  @ApiProperty({ description: 'The leader to present the document to' }) @IsUUID() leaderId: string;
  @ApiPropertyOptional() @MultilineText() @IsOptional() @IsString() @MaxLength(4000) note?: string;
}

export class RegisterArrivedDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() registerId?: string;
}

export class DispatchDto {
  @ApiPropertyOptional({
    type: RecipientDto,
    isArray: true,
    description: 'More recipients, in addition to those named at drafting',
  })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RecipientDto)
  recipients?: RecipientDto[];
}
