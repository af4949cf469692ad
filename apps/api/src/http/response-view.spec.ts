import { ApiProperty } from '@nestjs/swagger';
import { describe, expect, it } from 'vitest';
import { asResponse } from './response-view';

class InnerDto {
  @ApiProperty() id: string;
}

class OuterDto {
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) code: string | null;
  @ApiProperty({ type: InnerDto }) inner: InnerDto;
  @ApiProperty({ type: () => InnerDto, isArray: true }) items: InnerDto[];
  @ApiProperty({ type: 'object', additionalProperties: true }) report: Record<string, unknown>;
  @ApiProperty() at: Date;
}

class ChildDto extends OuterDto {
  @ApiProperty() extra: number;
}

describe('asResponse', () => {
  const at = new Date('2025-07-01T00:00:00Z');
  const record = {
    name: 'A',
    code: null,
    searchKey: 'a',
    inner: { id: '1', blobKey: 'secret' },
    items: [{ id: '2', hash: 'x' }],
    report: { anything: { nested: true } },
    at,
    extra: 5,
  };

  it('keeps exactly the declared fields, nested DTOs and arrays of them included', () => {
    expect(asResponse(OuterDto, record)).toEqual({
      name: 'A',
      code: null,
      inner: { id: '1' },
      items: [{ id: '2' }],
      report: { anything: { nested: true } },
      at,
    });
  });

  it('keeps the fields a DTO inherits, and maps arrays of records', () => {
    expect(asResponse(ChildDto, [record])).toEqual([
      expect.objectContaining({ name: 'A', extra: 5, inner: { id: '1' } }),
    ]);
    const [first] = asResponse(ChildDto, [record]) as unknown as ChildDto[];
    expect(first).not.toHaveProperty('searchKey');
  });

  it('leaves a declared field the value lacks absent, and passes null and scalars through', () => {
    expect(asResponse(OuterDto, { name: 'B' })).toEqual({ name: 'B' });
    expect(asResponse(OuterDto, null)).toBeNull();
  });
});
