import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { EXPORT_FORMATS, type ExportFormat, REGISTER_KINDS, type RegisterKind } from '@kyso/documents';

export class CreateRegisterDto {
  @ApiProperty({ enum: REGISTER_KINDS, example: 'outgoing' })
  @IsIn(REGISTER_KINDS)
  kind: RegisterKind;

  @ApiPropertyOptional({ example: 2025, description: 'Defaults to the current year (Vietnam time)' })
  @IsOptional()
  @IsInt()
  @Min(1945)
  @Max(9999)
  year?: number;

  @ApiPropertyOptional({
    example: 'chung',
    description: 'Numbering series; one counter per organisation, series and year',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  series?: string;

  @ApiPropertyOptional({ example: 'Sổ đăng ký văn bản đi năm 2025' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;
}

export class ListRegistersQuery {
  @ApiPropertyOptional({ enum: REGISTER_KINDS }) @IsOptional() @IsIn(REGISTER_KINDS) kind?: RegisterKind;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1945) @Max(9999) year?: number;
}

export class ExportQuery {
  @ApiProperty({ enum: EXPORT_FORMATS, example: 'xlsx' })
  @IsIn(EXPORT_FORMATS)
  format: ExportFormat;
}

export class RegisterDto {
  @ApiProperty() id: string;
  @ApiProperty() organisationId: string;
  @ApiProperty({ enum: REGISTER_KINDS }) kind: string;
  @ApiProperty() year: number;
  @ApiProperty() series: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'The number the next document will get' }) nextNumber: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date }) closedAt: Date | null;
}

export class DocumentTypeDto {
  @ApiProperty({ example: 'quyet-dinh' }) code: string;
  @ApiProperty({ example: 'QĐ', nullable: true, type: String }) abbreviation: string | null;
  @ApiProperty({ example: 'Quyết định' }) nameVi: string;
  @ApiProperty({ example: 'Decision' }) nameEn: string;
  @ApiProperty({ enum: ['administrative', 'letter', 'copy'] }) category: string;
  @ApiProperty() sortOrder: number;
}
