import {
  type ArgumentMetadata,
  BadRequestException,
  ValidationPipe,
  type ValidationError,
} from '@nestjs/common';
import type { ValidatorOptions } from 'class-validator';
import type { ErrorBody, FieldError } from './error-body';
import { textConstraint, toFieldErrors, validationMessages } from './field-errors';
import { findTextProblems, type TextFinding } from './text-rule';

/** The 400 VALIDATION_FAILED answer for the given field problems. */
export function validationFailed(fields: FieldError[]): BadRequestException {
  const body: ErrorBody = { error: { code: 'VALIDATION_FAILED', ...validationMessages(fields), fields } };
  return new BadRequestException(body);
}

/** Adds the text rule's findings to class-validator's error tree, at their property paths. */
function withText(errors: ValidationError[], findings: TextFinding[]): ValidationError[] {
  for (const f of findings) {
    let level = errors;
    let node: ValidationError | undefined;
    for (const [i, property] of f.path.entries()) {
      node = level.find((e) => e.property === property);
      if (!node) {
        node = { property, children: [], ...(i === f.path.length - 1 ? { value: f.value } : {}) };
        level.push(node);
      }
      node.children ??= [];
      level = node.children;
    }
    if (node) node.constraints = { ...node.constraints, [textConstraint(f)]: f.problem };
  }
  return errors;
}

/**
 * The one validation layer of the HTTP edge, run on every body, query and path parameter:
 * 1. the DTO's class-validator rules (unknown properties refused, values transformed to their types);
 * 2. the text rule on every string, nested ones included (no control characters except line breaks in
 *    `@MultilineText()` fields, nothing that was not UTF-8), also on plain `@Param`/`@Query` strings;
 * 3. one problem per field in the answer, chosen by the catalogue of field-errors.ts.
 */
class KysoValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (typeof value === 'string' && metadata.type !== 'custom') {
      const found = findTextProblems(value, [metadata.data ?? metadata.type]);
      if (found.length) throw validationFailed(toFieldErrors(withText([], found)));
    }
    return super.transform(value, metadata);
  }

  protected override async validate(object: object, options?: ValidatorOptions): Promise<ValidationError[]> {
    const errors = await super.validate(object, {
      ...options,
      // The catalogue needs the value (missing or not) and the owning class (for the rule's arguments).
      validationError: { target: true, value: true },
    });
    return withText(errors, findTextProblems(object));
  }
}

export function createValidationPipe(): ValidationPipe {
  return new KysoValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => validationFailed(toFieldErrors(errors)),
  });
}
