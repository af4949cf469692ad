import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * One problem with one input field. `code` is stable (see docs/documents.md, "Errors"); `messages` and
 * `messagesVi` hold one message each, the first problem found in the field.
 */
export class FieldError {
  @ApiProperty({ example: 'subject', description: 'Path of the field, nested with dots (recipients.0.name)' })
  field: string;

  @ApiProperty({ example: 'REQUIRED' })
  code: string;

  @ApiProperty({ type: [String], example: ['is required'] })
  messages: string[];

  @ApiProperty({ type: [String], example: ['không được để trống'] })
  messagesVi: string[];
}

export class ErrorDetail {
  @ApiProperty({ example: 'VALIDATION_FAILED' })
  code: string;

  @ApiProperty({ description: 'English message', example: 'Invalid input: subject is required' })
  message: string;

  @ApiProperty({
    description: 'Vietnamese message for end users',
    example: 'Dữ liệu không hợp lệ: subject không được để trống',
  })
  messageVi: string;

  @ApiPropertyOptional({ type: [FieldError], description: 'The fields at fault, one entry per field' })
  fields?: FieldError[];

  @ApiPropertyOptional({ description: 'Echoed as X-Request-Id; quote it when reporting a 500' })
  requestId?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Facts about a domain error (e.g. the id of the document a duplicate points at)',
  })
  details?: Record<string, unknown>;
}

/** The one error shape every kyso endpoint returns: `{ error: { code, message, messageVi, fields?, requestId } }`. */
export class ErrorBody {
  @ApiProperty({ type: ErrorDetail })
  error: ErrorDetail;
}
