import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { ABBREVIATION_PATTERN } from '@kyso/org';

export class CreateUnitDto {
  @ApiPropertyOptional({
    description: 'Only for the system administrator; members create units in their own organisation',
  })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiProperty({ example: 'Văn hóa - Xã hội' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name: string;

  @ApiProperty({ example: 'VX', description: 'Chữ viết tắt, cuối ký hiệu công văn (12/UBND-VX)' })
  @MaxLength(20)
  @Matches(ABBREVIATION_PATTERN, {
    message: 'must be upper-case letters and digits only (e.g. VX)',
    context: { vi: 'chỉ gồm chữ in hoa và chữ số (ví dụ VX)' },
  })
  abbreviation: string;
}

export class UpdateUnitDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(300) name?: string;
  @ApiPropertyOptional() @IsOptional() @MaxLength(20) @Matches(ABBREVIATION_PATTERN) abbreviation?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
}

export class UnitDto {
  @ApiProperty() id: string;
  @ApiProperty() organisationId: string;
  @ApiProperty() name: string;
  @ApiProperty() abbreviation: string;
  @ApiProperty() active: boolean;
  @ApiProperty() createdAt: Date;
}
