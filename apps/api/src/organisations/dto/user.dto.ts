import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { MIN_PASSWORD_LENGTH, Role, USERNAME_PATTERN } from '@kyso/org';
import { MultilineText } from '../../http/text-rule';

export class CreateUserDto {
  @ApiPropertyOptional({
    description: 'Only for the system administrator; admins create users in their own organisation',
  })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  unitId?: string | null;

  @ApiProperty({ example: 'vanthu.tanphu' })
  @Matches(USERNAME_PATTERN, {
    message: 'must be 2-100 lower-case letters, digits, dot, dash or underscore',
    context: { vi: 'gồm 2-100 chữ thường, chữ số, dấu chấm, gạch ngang hoặc gạch dưới' },
  })
  username: string;

  @ApiProperty({ example: 'Nguyễn Thị Hoa' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  fullName: string;

  @ApiPropertyOptional({ example: 'Chủ tịch', nullable: true, type: String })
  @MultilineText()
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(200)
  title?: string | null;

  @ApiProperty({ format: 'password', minLength: MIN_PASSWORD_LENGTH })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(200)
  password: string;

  @ApiProperty({ enum: Role, isArray: true, example: ['clerk'] })
  @IsArray()
  @ArrayMinSize(1)
  @IsEnum(Role, { each: true })
  roles: Role[];
}

export class UpdateUserDto {
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  unitId?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(200) fullName?: string;
  @ApiPropertyOptional({ nullable: true, type: String })
  @MultilineText()
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(200)
  title?: string | null;
  @ApiPropertyOptional({ format: 'password' })
  @IsOptional()
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(200)
  password?: string;
  @ApiPropertyOptional({ enum: Role, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsEnum(Role, { each: true })
  roles?: Role[];
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
}
