import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBase64,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { MultilineText } from '../../http/text-rule';

/** PDF user space is at most 14 400 units wide (ISO 32000-1, Annex C); pages past 100 000 do not occur. */
const MAX_COORDINATE = 14_400;
const MAX_PAGE = 100_000;

export class SigningAppearanceDto {
  @ApiProperty({ enum: ['leader', 'none'] })
  @IsIn(['leader', 'none'])
  kind: 'leader' | 'none';

  @ApiPropertyOptional({ description: '1-based page' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page?: number;

  @ApiPropertyOptional({ type: [Number], description: '[x, y, width, height] in points' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(4)
  @ArrayMaxSize(4)
  @IsNumber({}, { each: true })
  @Min(-MAX_COORDINATE, { each: true })
  @Max(MAX_COORDINATE, { each: true })
  rect?: [number, number, number, number];

  @ApiPropertyOptional({ example: 'CHỦ TỊCH' })
  @MultilineText()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  title?: string;
}

export class StartSigningDto {
  @ApiProperty({
    type: [String],
    description: 'base64 DER certificates, the signer first (from the token agent)',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsBase64({}, { each: true })
  certificateChain: string[];

  @ApiPropertyOptional({ type: SigningAppearanceDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => SigningAppearanceDto)
  appearance?: SigningAppearanceDto;
}

export class CompleteSigningDto {
  @ApiProperty({ description: 'base64 DER signature value from the token' })
  @IsBase64()
  @MaxLength(4096)
  signature: string;

  @ApiProperty({ enum: ['rsa-pkcs1', 'rsa-pss', 'ecdsa'] })
  @IsIn(['rsa-pkcs1', 'rsa-pss', 'ecdsa'])
  signatureAlgorithm: 'rsa-pkcs1' | 'rsa-pss' | 'ecdsa';
}

export class RegisterCertificateDto {
  @ApiProperty({ description: 'base64 DER of the user’s signing certificate' })
  @IsBase64()
  @MaxLength(20000)
  certificate: string;
}

/** Response shapes, for the OpenAPI document. */
export class StartedSigningDto {
  @ApiProperty() sessionId: string;
  @ApiProperty({ enum: ['sha256'] }) digestAlgorithm: string;
  @ApiProperty({ description: 'base64 DER of the signed attributes: what the token signs' })
  toBeSigned: string;
  @ApiProperty({ description: 'ES256 request token for the token agent (5 minutes, one use)' })
  requestToken: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

export class CompletedSigningDto {
  @ApiProperty({ enum: ['signed'] }) status: string;
  @ApiProperty() messageVi: string;
  @ApiProperty() documentId: string;
  @ApiProperty() documentVersion: number;
  @ApiProperty() sha256: string;
  @ApiProperty() signer: string;
  @ApiProperty({ format: 'date-time' }) signedAt: string;
  @ApiProperty({ example: 'B-LT' }) level: string;
}

export class PairingInfoDto {
  @ApiProperty({ example: 'https://kyso.example.gov.vn' }) origin: string;
  @ApiProperty() keyId: string;
  @ApiProperty() publicKeyPem: string;
}

export class UserCertificateDto {
  @ApiProperty() id: string;
  @ApiProperty() userId: string;
  @ApiProperty() sha256: string;
  @ApiProperty() subject: string;
  @ApiProperty() serialHex: string;
  @ApiProperty({ format: 'date-time' }) notAfter: string;
}
