import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { ABBREVIATION_PATTERN, ORGANISATION_CODE_PATTERN } from '@kyso/org';
import { IsCalendarDate } from '../../http/calendar-date';

export class CreateOrganisationDto {
  @ApiProperty({ example: 'Ủy ban nhân dân xã Tân Phú' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name: string;

  @ApiProperty({ example: 'UBND', description: 'Chữ viết tắt dùng trong ký hiệu văn bản (05/QĐ-UBND)' })
  @Matches(ABBREVIATION_PATTERN, {
    message: 'must be upper-case letters and digits only (e.g. UBND)',
    context: { vi: 'chỉ gồm chữ in hoa và chữ số (ví dụ UBND)' },
  })
  shortName: string;

  @ApiPropertyOptional({
    example: '000.00.12.H41',
    nullable: true,
    type: String,
    description: 'Mã định danh (QĐ 20/2020/QĐ-TTg)',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @MaxLength(35)
  @Matches(ORGANISATION_CODE_PATTERN, {
    message: 'must be groups of 0-9/A-Z separated by dots (e.g. 000.00.12.H41)',
    context: { vi: 'gồm các nhóm chữ số 0-9/chữ A-Z cách nhau bởi dấu chấm (ví dụ 000.00.12.H41)' },
  })
  code?: string | null;

  @ApiPropertyOptional({ example: '2025-07-01' })
  @IsOptional()
  @IsCalendarDate()
  validFrom?: string;

  @ApiPropertyOptional({ example: null, nullable: true, type: String, format: 'date' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsCalendarDate()
  validTo?: string | null;
}

export class UpdateOrganisationDto extends PartialType(CreateOrganisationDto) {}

export class OrganisationDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() shortName: string;
  @ApiProperty({ nullable: true, type: String }) code: string | null;
  @ApiProperty() validFrom: string;
  @ApiProperty({ nullable: true, type: String }) validTo: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}
