import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { ABBREVIATION_PATTERN, ORGANISATION_CODE_PATTERN } from '@kyso/org';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class CreateOrganisationDto {
  @ApiProperty({ example: 'Ủy ban nhân dân xã Tân Phú' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name: string;

  @ApiProperty({ example: 'UBND', description: 'Chữ viết tắt dùng trong ký hiệu văn bản (05/QĐ-UBND)' })
  @Matches(ABBREVIATION_PATTERN, { message: 'shortName: upper-case letters and digits only (e.g. UBND)' })
  shortName: string;

  @ApiPropertyOptional({
    example: '000.00.12.H41',
    nullable: true,
    description: 'Mã định danh (QĐ 20/2020/QĐ-TTg)',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @MaxLength(35)
  @Matches(ORGANISATION_CODE_PATTERN, {
    message: 'code: groups of 0-9/A-Z separated by dots (e.g. 000.00.12.H41)',
  })
  code?: string | null;

  @ApiPropertyOptional({ example: '2025-07-01' })
  @IsOptional()
  @Matches(DATE)
  validFrom?: string;

  @ApiPropertyOptional({ example: null, nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Matches(DATE)
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
