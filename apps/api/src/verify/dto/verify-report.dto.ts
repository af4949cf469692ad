import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/* OpenAPI description of the JSON report (the authoritative schema is docs/validation.md, "JSON report"). */

export class VerifyFindingDto {
  @ApiProperty({
    example: 'MESSAGE_DIGEST_MISMATCH',
    description: 'Stable code (docs/validation.md lists them all)',
  })
  code: string;

  @ApiProperty({ enum: ['error', 'warning', 'info'] })
  severity: string;

  @ApiProperty({
    example: 'Giá trị băm của tài liệu không khớp với chữ ký: nội dung đã bị thay đổi sau khi ký.',
  })
  message: string;

  @ApiProperty({ type: 'object', additionalProperties: true })
  params: Record<string, string | number>;
}

export class VerifySignerDto {
  @ApiProperty({ example: 'Nguyễn Văn An' })
  name: string;

  @ApiPropertyOptional({ example: 'UBND xã Tân Lập', nullable: true })
  organisation: string | null;

  @ApiProperty({ example: 'CN=Nguyễn Văn An,O=UBND xã Tân Lập,C=VN' })
  subject: string;

  @ApiProperty()
  issuer: string;

  @ApiProperty({ example: '7caa9ff048192bee1c4d0be7354415cc' })
  serialHex: string;

  @ApiProperty()
  notBefore: string;

  @ApiProperty()
  notAfter: string;

  @ApiPropertyOptional({ nullable: true, description: 'Lineage note of a merged organisation, when known' })
  note: string | null;
}

export class VerifySigningTimeDto {
  @ApiPropertyOptional({ nullable: true, description: 'What the signer claims (/M or CMS signing-time)' })
  claimed: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'Earliest trusted time-stamp covering the signature' })
  proven: string | null;

  @ApiPropertyOptional({ enum: ['signature-timestamp', 'document-timestamp'], nullable: true })
  provenBy: string | null;

  @ApiProperty({ description: 'The time certificates were checked at' })
  bestSignatureTime: string;
}

export class VerifyChangeDto {
  @ApiProperty({ example: 2 })
  revision: number;

  @ApiProperty({ example: 'page-content-changed' })
  kind: string;

  @ApiProperty({ enum: ['extension', 'signature-or-form-fill', 'annotation', 'page', 'undefined'] })
  category: string;

  @ApiProperty()
  allowed: boolean;

  @ApiProperty({ example: 'thay đổi nội dung trang' })
  text: string;

  @ApiPropertyOptional()
  page?: number;

  @ApiPropertyOptional()
  fieldName?: string;

  @ApiPropertyOptional()
  annotationType?: string;
}

export class VerifyModificationsDto {
  @ApiProperty({ enum: ['none', 'allowed', 'disallowed', 'unknown'] })
  verdict: string;

  @ApiPropertyOptional({ enum: [1, 2, 3], nullable: true })
  docMdpPermission: number | null;

  @ApiProperty({ type: [VerifyChangeDto] })
  changes: VerifyChangeDto[];
}

export class VerifySignatureDto {
  @ApiProperty()
  index: number;

  @ApiProperty({ enum: ['signature', 'document-timestamp'] })
  kind: string;

  @ApiProperty({ type: [String] })
  fieldNames: string[];

  @ApiProperty({ enum: ['TOTAL_PASSED', 'TOTAL_FAILED', 'INDETERMINATE'] })
  indication: string;

  @ApiPropertyOptional({
    nullable: true,
    example: 'HASH_FAILURE',
    description: 'ETSI EN 319 102-1 sub-indication',
  })
  subIndication: string | null;

  @ApiPropertyOptional({ enum: ['B-B', 'B-T', 'B-LT', 'B-LTA'], nullable: true })
  level: string | null;

  @ApiProperty({ example: 'PAdES-BASELINE-LT' })
  format: string;

  @ApiPropertyOptional({ type: VerifySignerDto, nullable: true })
  signer: VerifySignerDto | null;

  @ApiProperty({ type: VerifySigningTimeDto })
  signingTime: VerifySigningTimeDto;

  @ApiProperty()
  coversWholeDocument: boolean;

  @ApiProperty({ type: VerifyModificationsDto })
  modifications: VerifyModificationsDto;

  @ApiProperty({ type: [VerifyFindingDto] })
  findings: VerifyFindingDto[];
}

export class VerifyReportDto {
  @ApiProperty({ example: 'Quyết định 15.pdf' })
  file: string;

  @ApiProperty({ enum: ['TOTAL_PASSED', 'TOTAL_FAILED', 'INDETERMINATE', 'NO_SIGNATURE', 'ERROR'] })
  verdict: string;

  @ApiProperty({ example: 'HỢP LỆ' })
  verdictText: string;

  @ApiProperty()
  validationTime: string;

  @ApiProperty({ description: 'Trust anchors configured (KYSO_TRUST); 0 means chains cannot be trusted' })
  trustAnchors: number;

  @ApiProperty({ type: [VerifySignatureDto] })
  signatures: VerifySignatureDto[];

  @ApiProperty({ type: [VerifyFindingDto] })
  findings: VerifyFindingDto[];

  @ApiPropertyOptional({ nullable: true, description: 'Set when the file could not be validated at all' })
  error: { code: string; message: string; messageVi: string } | null;
}
