import { ApiProperty } from '@nestjs/swagger';

/** Response shapes, for the OpenAPI document. */
export class DocumentDto {
  @ApiProperty() id: string;
  @ApiProperty() organisationId: string;
  @ApiProperty({ enum: ['incoming', 'outgoing'] }) direction: string;
  @ApiProperty({
    description:
      'Incoming: edXML 01 arrived, 02 refused, 03 registered, 04 assigned, 05 in progress, 06 done. Outgoing: draft, in-review, signed, issued, sealed, dispatched, recalled, cancelled',
  })
  status: string;
  @ApiProperty({ nullable: true, type: String }) registerId: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Outgoing number, or số đến for incoming' })
  registerNumber: number | null;
  @ApiProperty() typeCode: string;
  @ApiProperty({ nullable: true, type: String, example: '05/QĐ-UBND' }) numberSymbol: string | null;
  @ApiProperty({ nullable: true, type: String }) documentDate: string | null;
  @ApiProperty() subject: string;
  @ApiProperty({ nullable: true, type: String }) signerName: string | null;
  @ApiProperty({ nullable: true, type: String }) signerTitle: string | null;
  @ApiProperty() urgency: string;
  @ApiProperty() secrecy: string;
  @ApiProperty({ nullable: true, type: String }) senderName: string | null;
  @ApiProperty({ nullable: true, type: String }) senderCode: string | null;
  @ApiProperty({ nullable: true, type: String }) sourceDocumentId: string | null;
  @ApiProperty({ nullable: true, type: String }) arrivalDate: string | null;
  @ApiProperty({ nullable: true, type: String }) dueDate: string | null;
  @ApiProperty({ nullable: true, type: String }) relatedDocumentId: string | null;
  @ApiProperty({ nullable: true, type: String }) relation: string | null;
  @ApiProperty({ nullable: true, type: String }) signatureStatus: string | null;
  @ApiProperty({ nullable: true, type: Date }) issuedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) cancelledAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) cancelReason: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class FileDto {
  @ApiProperty() id: string;
  @ApiProperty() version: number;
  @ApiProperty({ enum: ['draft', 'signed', 'sealed', 'received', 'attachment'] }) kind: string;
  @ApiProperty() fileName: string;
  @ApiProperty() size: number;
  @ApiProperty({ description: 'Lower-case hex SHA-256' }) sha256: string;
  @ApiProperty({ nullable: true, type: String }) signatureStatus: string | null;
  @ApiProperty() createdAt: Date;
}

export class DocumentDetailDto extends DocumentDto {
  @ApiProperty({ type: FileDto, isArray: true }) files: FileDto[];
  @ApiProperty({ isArray: true, type: Object }) recipients: object[];
  @ApiProperty({ isArray: true, type: Object }) assignments: object[];
  @ApiProperty({ isArray: true, type: Object }) events: object[];
}

export class DocumentPageDto {
  @ApiProperty({ type: DocumentDto, isArray: true }) items: DocumentDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class IssueResultDto {
  @ApiProperty({ example: 5 }) number: number;
  @ApiProperty({ example: '05/QĐ-UBND' }) numberSymbol: string;
  @ApiProperty({ example: '2025-07-14' }) documentDate: string;
  @ApiProperty() registerId: string;
  @ApiProperty({ type: DocumentDto }) document: DocumentDto;
}

export class RoutedFromDto {
  @ApiProperty({ description: 'The organisation the recipient was addressed as' }) organisationId: string;
  @ApiProperty({ example: 'UBND xã Tân Lập' }) name: string;
  @ApiProperty({ type: String, nullable: true, example: '000.00.31.H41' }) code: string | null;
  @ApiProperty({ example: 'merged-into', description: 'The lineage link that ended it' }) kind: string;
  @ApiProperty({ example: '2025-07-01' }) effectiveDate: string;
}

export class DispatchedRecipientDto {
  @ApiProperty() id: string;
  @ApiProperty() documentId: string;
  @ApiProperty({ enum: ['internal', 'external'] }) delivery: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The organisation that received it (after routing: the successor)',
  })
  organisationId: string | null;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty({ enum: ['pending', 'delivered', 'refused', 'recalled'] }) status: string;
  @ApiProperty({ type: String, nullable: true }) deliveredDocumentId: string | null;
  @ApiProperty({
    type: RoutedFromDto,
    nullable: true,
    description: 'Set when the addressee had ceased and the lineage routed the document to its successor',
  })
  routedFrom: RoutedFromDto | null;
  @ApiProperty({ type: String, nullable: true }) downloadExpiresAt: Date | null;
  @ApiProperty({ type: String, nullable: true }) dispatchedAt: Date | null;
  @ApiProperty() createdAt: Date;
}

export class DispatchResultDto {
  @ApiProperty({ type: DocumentDto }) document: DocumentDto;
  @ApiProperty({ type: DispatchedRecipientDto, isArray: true }) recipients: DispatchedRecipientDto[];
  @ApiProperty({
    description: 'Links for external recipients; shown once, only their hashes are stored',
    isArray: true,
    type: Object,
  })
  downloadLinks: Array<{ recipientId: string; name: string; url: string; expiresAt: Date }>;
}
