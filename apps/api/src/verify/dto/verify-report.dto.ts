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

  @ApiPropertyOptional({ example: 'UBND xã Tân Lập', nullable: true, type: String })
  organisation: string | null;

  @ApiProperty({ example: 'CN=Nguyễn Văn An,O=UBND xã Tân Lập,C=VN' })
  subject: string;

  @ApiProperty({ nullable: true, type: String, example: 'Nguyễn Văn An' })
  commonName: string | null;

  @ApiProperty({ description: 'SHA-256 of the certificate, lower-case hex' })
  sha256: string;

  @ApiProperty()
  issuer: string;

  @ApiProperty({ example: '7caa9ff048192bee1c4d0be7354415cc' })
  serialHex: string;

  @ApiProperty()
  notBefore: string;

  @ApiProperty()
  notAfter: string;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Lineage note of a merged organisation, when known',
  })
  note: string | null;
}

export class VerifySigningTimeDto {
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'What the signer claims (/M or CMS signing-time)',
  })
  claimed: string | null;

  @ApiProperty({ type: String, enum: ['pdf-m', 'cms-signing-time', null], nullable: true })
  claimedSource: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Earliest trusted time-stamp covering the signature',
  })
  proven: string | null;

  @ApiPropertyOptional({
    type: String,
    enum: ['signature-timestamp', 'document-timestamp', null],
    nullable: true,
  })
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

  @ApiPropertyOptional({ type: Number, enum: [1, 2, 3, null], nullable: true })
  docMdpPermission: number | null;

  @ApiProperty({ type: [VerifyChangeDto] })
  changes: VerifyChangeDto[];

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'Facts about the pages added or changed after the signature (docs/validation.md, "JSON report")',
  })
  pageFacts: Record<string, unknown>;
}

export class VerifySignatureDto {
  @ApiProperty()
  index: number;

  @ApiProperty({ enum: ['signature', 'document-timestamp'] })
  kind: string;

  @ApiProperty({ type: [String] })
  fieldNames: string[];

  @ApiProperty({ nullable: true, type: String, example: 'ETSI.CAdES.detached' })
  subFilter: string | null;

  @ApiProperty({ enum: ['TOTAL_PASSED', 'TOTAL_FAILED', 'INDETERMINATE'] })
  indication: string;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    example: 'HASH_FAILURE',
    description: 'ETSI EN 319 102-1 sub-indication',
  })
  subIndication: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The sub-indication explained in the report language',
  })
  subIndicationText: string | null;

  @ApiPropertyOptional({ type: String, enum: ['B-B', 'B-T', 'B-LT', 'B-LTA', null], nullable: true })
  level: string | null;

  @ApiProperty({ example: 'PAdES-BASELINE-LT' })
  format: string;

  @ApiPropertyOptional({ type: VerifySignerDto, nullable: true })
  signer: VerifySignerDto | null;

  @ApiProperty({ type: VerifySigningTimeDto })
  signingTime: VerifySigningTimeDto;

  @ApiProperty()
  coversWholeDocument: boolean;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Byte ranges and the revision the signature covers (docs/validation.md, "JSON report")',
  })
  coverage: Record<string, unknown>;

  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'Time-stamps on the signature, each with its findings (docs/validation.md, "JSON report")',
  })
  timestamps: Array<Record<string, unknown>>;

  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description:
      'The certificate chain built to a trust anchor, signer first (docs/validation.md, "JSON report")',
  })
  chain: Array<Record<string, unknown>>;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'The status and finding code of each building block (structure, integrity, chain, revocation, …) (docs/validation.md, "JSON report")',
  })
  checks: Record<string, unknown>;

  @ApiProperty({ nullable: true, type: String, example: 'sha256' }) digestAlgorithm: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'rsa-pkcs1' }) signatureAlgorithm: string | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ nullable: true, type: String }) location: string | null;

  @ApiProperty({ type: VerifyModificationsDto })
  modifications: VerifyModificationsDto;

  @ApiProperty({ type: [VerifyFindingDto] })
  findings: VerifyFindingDto[];
}

export class VerifyErrorDto {
  @ApiProperty() code: string;
  @ApiProperty() message: string;
  @ApiProperty() messageVi: string;
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

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'Facts about the PDF (revisions, pages, encryption, …) (docs/validation.md, "JSON report")',
  })
  document: Record<string, unknown> | null;

  @ApiProperty({ description: 'Time spent validating, in milliseconds' })
  elapsedMs: number;

  @ApiProperty({ type: [VerifySignatureDto] })
  signatures: VerifySignatureDto[];

  @ApiProperty({ type: [VerifyFindingDto] })
  findings: VerifyFindingDto[];

  @ApiPropertyOptional({
    nullable: true,
    type: VerifyErrorDto,
    description: 'Set when the file could not be validated at all',
  })
  error: { code: string; message: string; messageVi: string } | null;
}
