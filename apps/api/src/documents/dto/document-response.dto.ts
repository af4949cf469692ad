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
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The sending organisation, when it is on this kyso',
  })
  senderOrganisationId: string | null;
  @ApiProperty({ nullable: true, type: String }) sourceDocumentId: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2025-07-10' }) arrivalDate: string | null;
  @ApiProperty({ nullable: true, type: Date, description: 'When an electronic arrival came in' })
  arrivedAt: Date | null;
  @ApiProperty({ nullable: true, type: String, example: '2025-07-20' }) dueDate: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Đơn vị soạn thảo (outgoing)' })
  draftingUnitId: string | null;
  @ApiProperty({ nullable: true, type: Number }) copies: number | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ nullable: true, type: String }) relatedDocumentId: string | null;
  @ApiProperty({ nullable: true, type: String, enum: ['recall', 'replace', 'correct', null] })
  relation: string | null;
  @ApiProperty({ nullable: true, type: String }) replacedById: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The leader it is presented to' })
  presentedTo: string | null;
  @ApiProperty({ nullable: true, type: Date }) signedAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) signedBy: string | null;
  @ApiProperty({ nullable: true, type: Date }) issuedAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) issuedBy: string | null;
  @ApiProperty({ nullable: true, type: Date }) sealedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) dispatchedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) recalledAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) recallReason: string | null;
  @ApiProperty({ nullable: true, type: Date }) cancelledAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) cancelReason: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'signature_status of the latest signed version' })
  signatureStatus: string | null;
  @ApiProperty({ nullable: true, type: String }) createdBy: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class FileDto {
  @ApiProperty() id: string;
  @ApiProperty() documentId: string;
  @ApiProperty() version: number;
  @ApiProperty({ enum: ['draft', 'signed', 'sealed', 'received', 'attachment'] }) kind: string;
  @ApiProperty() fileName: string;
  @ApiProperty({ example: 'application/pdf' }) contentType: string;
  @ApiProperty() size: number;
  @ApiProperty({ description: 'Lower-case hex SHA-256' }) sha256: string;
  @ApiProperty({ nullable: true, type: String }) signatureStatus: string | null;
  @ApiProperty({
    nullable: true,
    type: 'object',
    additionalProperties: true,
    description: 'The validation report of a received signed PDF (as POST /verify gives it)',
  })
  signatureReport: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, type: String }) createdBy: string | null;
  @ApiProperty() createdAt: Date;
}

export class RoutedFromDto {
  @ApiProperty({ description: 'The organisation the recipient was addressed as' }) organisationId: string;
  @ApiProperty({ example: 'UBND xã Tân Lập' }) name: string;
  @ApiProperty({ type: String, nullable: true, example: '000.00.31.H41' }) code: string | null;
  @ApiProperty({ example: 'merged-into', description: 'The lineage link that ended it' }) kind: string;
  @ApiProperty({ example: '2025-07-01' }) effectiveDate: string;
}

export class DocumentRecipientDto {
  @ApiProperty() id: string;
  @ApiProperty() documentId: string;
  @ApiProperty({ enum: ['internal', 'external'], description: 'internal: an organisation on this kyso' })
  delivery: string;
  @ApiProperty({ nullable: true, type: String }) organisationId: string | null;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ enum: ['pending', 'delivered', 'refused', 'recalled'] }) status: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The arrival created in the receiving organisation',
  })
  deliveredDocumentId: string | null;
  @ApiProperty({
    type: RoutedFromDto,
    nullable: true,
    description: 'Set when the addressee had ceased and the lineage routed the document to its successor',
  })
  routedFrom: RoutedFromDto | null;
  @ApiProperty({ nullable: true, type: Date }) downloadExpiresAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) dispatchedAt: Date | null;
  @ApiProperty() createdAt: Date;
}

export class DocumentAssignmentDto {
  @ApiProperty() id: string;
  @ApiProperty() documentId: string;
  @ApiProperty() organisationId: string;
  @ApiProperty({ enum: ['lead', 'coordinate', 'info'] }) role: string;
  @ApiProperty({ nullable: true, type: String }) unitId: string | null;
  @ApiProperty({ nullable: true, type: String }) userId: string | null;
  @ApiProperty({ nullable: true, type: String }) instruction: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2025-07-20' }) deadline: string | null;
  @ApiProperty({ enum: ['assigned', 'in-progress', 'done'] }) status: string;
  @ApiProperty() assignedBy: string;
  @ApiProperty() assignedAt: Date;
  @ApiProperty({ nullable: true, type: Date }) completedAt: Date | null;
  @ApiProperty() updatedAt: Date;
}

export class ProcessingEventDto {
  @ApiProperty() id: string;
  @ApiProperty() documentId: string;
  @ApiProperty() organisationId: string;
  @ApiProperty({ nullable: true, type: String }) assignmentId: string | null;
  @ApiProperty({ example: 'assigned' }) kind: string;
  @ApiProperty({ nullable: true, type: String }) actorId: string | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ nullable: true, type: Number }) percent: number | null;
  @ApiProperty() at: Date;
}

export class DocumentDetailDto extends DocumentDto {
  @ApiProperty({ type: FileDto, isArray: true }) files: FileDto[];
  @ApiProperty({ type: DocumentRecipientDto, isArray: true }) recipients: DocumentRecipientDto[];
  @ApiProperty({ type: DocumentAssignmentDto, isArray: true }) assignments: DocumentAssignmentDto[];
  @ApiProperty({ type: ProcessingEventDto, isArray: true }) events: ProcessingEventDto[];
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

export class DownloadLinkDto {
  @ApiProperty() recipientId: string;
  @ApiProperty() name: string;
  @ApiProperty() url: string;
  @ApiProperty() expiresAt: Date;
}

export class DispatchResultDto {
  @ApiProperty({ type: DocumentDto }) document: DocumentDto;
  @ApiProperty({ type: DocumentRecipientDto, isArray: true }) recipients: DocumentRecipientDto[];
  @ApiProperty({
    description: 'Links for external recipients; shown once, only their hashes are stored',
    type: DownloadLinkDto,
    isArray: true,
  })
  downloadLinks: DownloadLinkDto[];
}
