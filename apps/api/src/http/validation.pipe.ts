import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import type { ErrorBody } from './error-body';

function flatten(errors: ValidationError[], prefix = ''): Array<{ field: string; messages: string[] }> {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, messages: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** Validates DTOs (whitelisting unknown properties away) and answers 400 with one entry per bad field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      const body: ErrorBody = {
        error: {
          code: 'VALIDATION_FAILED',
          message: `Invalid input: ${fields.map((f) => `${f.field} (${f.messages.join(', ')})`).join('; ')}`,
          messageVi: `Dữ liệu không hợp lệ: ${fields.map((f) => f.field).join(', ')}`,
          fields,
        },
      };
      return new BadRequestException(body);
    },
  });
}
