import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export class VerifyQueryDto {
  @ApiPropertyOptional({
    enum: ['json', 'pdf'],
    default: 'json',
    description: 'json: the JSON report; pdf: a one-page PDF report',
  })
  @IsOptional()
  @IsIn(['json', 'pdf'])
  format?: 'json' | 'pdf';

  @ApiPropertyOptional({
    enum: ['vi', 'en'],
    default: 'vi',
    description: 'Language of messages and of the PDF report',
  })
  @IsOptional()
  @IsIn(['vi', 'en'])
  lang?: 'vi' | 'en';
}
