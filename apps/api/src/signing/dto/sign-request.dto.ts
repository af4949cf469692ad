import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { Allow, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/** Multipart fields accompanying the PDF in POST /api/v1/sign. */
export class SignRequestDto {
  @ApiPropertyOptional({ enum: ['B-B', 'B-T', 'B-LT', 'B-LTA'], default: 'B-T' })
  @IsOptional()
  @IsIn(['B-B', 'B-T', 'B-LT', 'B-LTA'])
  level?: 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';

  @ApiPropertyOptional({
    enum: ['seal', 'attachment', 'copy', 'none'],
    default: 'none',
    description: 'Decree 30 appearance',
  })
  @IsOptional()
  @IsIn(['seal', 'attachment', 'copy', 'none'])
  appearance?: 'seal' | 'attachment' | 'copy' | 'none';

  @ApiPropertyOptional({
    example: '05/QĐ-UBND',
    description: 'number/symbol of the main document (attachment)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  docNumber?: string;

  @ApiPropertyOptional({ example: 'SAO Y' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  copyType?: string;

  @ApiPropertyOptional({ example: 'UBND xã Tân Lập' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  organisation?: string;

  @ApiPropertyOptional({ description: '1-based page of a visible seal' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  page?: number;

  @ApiPropertyOptional({ example: '350,80,120,120', description: 'x,y,width,height in points' })
  @IsOptional()
  @MaxLength(100)
  @Matches(/^\s*-?\d+(\.\d+)?(\s*,\s*-?\d+(\.\d+)?){3}\s*$/, {
    message: 'must be x,y,width,height in points',
    context: { vi: 'phải có dạng x,y,rộng,cao (đơn vị point)' },
  })
  rect?: string;

  @ApiPropertyOptional({ example: 'Văn thư ban hành' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reason?: string;

  @ApiProperty({
    type: 'string',
    format: 'binary',
    description: 'the PDF (and optionally `image`, the seal PNG)',
  })
  // Documented for OpenAPI; the bytes arrive through multer, so the property is only allowed, never read.
  @Allow()
  file?: unknown;
}
