import { ApiProperty } from '@nestjs/swagger';

/** Response shapes of the lineage questions (libs/org lineage-graph.ts), for the OpenAPI document. */
export class LineageOrganisationDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() shortName: string;
  @ApiProperty({ nullable: true, type: String, example: '000.00.12.H41' }) code: string | null;
  @ApiProperty({ example: '2025-07-01' }) validFrom: string;
  @ApiProperty({ nullable: true, type: String }) validTo: string | null;
}

export class LineageLinkDto {
  @ApiProperty() id: string;
  @ApiProperty() eventId: string;
  @ApiProperty() predecessorId: string;
  @ApiProperty() successorId: string;
  @ApiProperty({ enum: ['merged-into', 'split-into', 'unit-transferred'] }) kind: string;
  @ApiProperty({ example: '2025-07-01' }) effectiveDate: string;
  @ApiProperty({ nullable: true, type: String, description: 'The unit moved, for unit-transferred' })
  unitId: string | null;
}

export class LineageReachedDto {
  @ApiProperty({ type: LineageOrganisationDto }) organisation: LineageOrganisationDto;
  @ApiProperty({ type: LineageLinkDto, isArray: true, description: 'The links followed, oldest first' })
  path: LineageLinkDto[];
}

export class LineagePredecessorDto {
  @ApiProperty({ type: LineageOrganisationDto }) organisation: LineageOrganisationDto;
  @ApiProperty({ type: LineageLinkDto }) link: LineageLinkDto;
}

export class IdentityPeriodDto {
  @ApiProperty() organisationId: string;
  @ApiProperty() name: string;
  @ApiProperty() shortName: string;
  @ApiProperty({ nullable: true, type: String }) code: string | null;
  @ApiProperty() validFrom: string;
  @ApiProperty({ nullable: true, type: String }) validTo: string | null;
}

export class CodePeriodDto {
  @ApiProperty({ type: IdentityPeriodDto }) period: IdentityPeriodDto;
  @ApiProperty({ type: LineageReachedDto, isArray: true, description: 'Who holds those records today' })
  heldToday: LineageReachedDto[];
}

export class AddresseeDto {
  @ApiProperty({
    type: LineageOrganisationDto,
    description: 'The organisation addressed, possibly dissolved',
  })
  addressed: LineageOrganisationDto;
  @ApiProperty({
    type: LineageReachedDto,
    isArray: true,
    description: 'Live organisations holding its records on that day; the first is the one to deliver to',
  })
  holders: LineageReachedDto[];
  @ApiProperty({ description: 'True when the item goes to someone other than the organisation addressed' })
  redirected: boolean;
}
