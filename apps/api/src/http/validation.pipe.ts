import {
  type ArgumentMetadata,
  BadRequestException,
  ValidationPipe,
  type ValidationError,
} from '@nestjs/common';
import { getMetadataStorage, IS_OPTIONAL, type ValidatorOptions } from 'class-validator';
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

const SWAGGER_PROPERTY = 'swagger/apiModelProperties';

/**
 * Whether a DTO property may hold null: the OpenAPI document says `nullable`, or its `@ValidateIf` skips null.
 * `@IsOptional()` alone lets null through class-validator, but an optional field means "leave it out", and a
 * service given null where it expects a value fails (a PATCH with `"password": null` was a 500).
 */
function acceptsNull(owner: object, property: string): boolean {
  const documented = Reflect.getMetadata(SWAGGER_PROPERTY, Object.getPrototypeOf(owner), property) as
    { nullable?: boolean } | undefined;
  if (documented?.nullable) return true;
  const conditions = getMetadataStorage()
    .getTargetValidationMetadatas(owner.constructor, '', true, false)
    .filter((m) => m.propertyName === property && m.type === 'conditionalValidation');
  // A required property set to null is already refused as missing; only optional ones need this rule.
  if (!conditions.some((m) => m.name === IS_OPTIONAL)) return true;
  return conditions.some(
    (m) =>
      m.name !== IS_OPTIONAL &&
      (m.constraints[0] as (o: object, v: unknown) => boolean)(owner, null) === false,
  );
}

/** Properties of a DTO instance (nested DTOs included) set to null where null is not accepted. */
function unexpectedNulls(errors: ValidationError[], value: unknown): ValidationError[] {
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return errors;
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const children = unexpectedNulls([], item);
      if (children.length) errors.push({ property: String(i), children });
    });
    return errors;
  }
  const isDto = value.constructor !== Object;
  for (const [property, item] of Object.entries(value)) {
    if (item === null && isDto && !acceptsNull(value, property)) {
      const node = errors.find((e) => e.property === property);
      if (node) node.constraints = { notNull: 'null', ...node.constraints };
      else errors.push({ property, value: null, constraints: { notNull: 'null' }, children: [] });
    } else if (item && typeof item === 'object') {
      const node = errors.find((e) => e.property === property);
      const children = unexpectedNulls(node?.children ?? [], item);
      if (!node && children.length) errors.push({ property, children });
    }
  }
  return errors;
}

/** A number written in decimal, as a query string holds it (`Number()` would also take `0x1A`, `1e3`, ` 1`). */
const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Query parameters declared as numbers whose text is not a decimal number. */
function looseNumbers(
  query: Record<string, unknown>,
  metatype: abstract new (...args: never[]) => unknown,
): string[] {
  return Object.entries(query)
    .filter(
      ([property, raw]) =>
        Reflect.getMetadata('design:type', metatype.prototype as object, property) === Number &&
        typeof raw === 'string' &&
        !DECIMAL.test(raw),
    )
    .map(([property]) => property);
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Replaces, in place, every lone surrogate in the strings of a DTO (nested objects and arrays too) by U+FFFD. */
function wellFormed(value: object): void {
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === 'string')
      (value as Record<string, unknown>)[key] = item.replace(LONE_SURROGATE, '\ufffd');
    else if (item && typeof item === 'object' && !Buffer.isBuffer(item)) wellFormed(item as object);
  }
}

/**
 * The one validation layer of the HTTP edge, run on every body, query and path parameter:
 * 1. the DTO's class-validator rules (unknown properties refused, values transformed to their types);
 * 2. the text rule on every string, nested ones included (no control characters except line breaks in
 *    `@MultilineText()` fields, nothing that was not UTF-8), also on plain `@Param`/`@Query` strings;
 *    and null only where the DTO accepts it (see {@link acceptsNull}); numbers in a query written in decimal;
 * 3. one problem per field in the answer, chosen by the catalogue of field-errors.ts.
 */
class KysoValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (typeof value === 'string' && metadata.type !== 'custom') {
      const found = findTextProblems(value, [metadata.data ?? metadata.type]);
      if (found.length) throw validationFailed(toFieldErrors(withText([], found)));
    }
    if (metadata.type === 'query' && metadata.metatype && value && typeof value === 'object') {
      const query = value as Record<string, unknown>;
      const loose = looseNumbers(query, metadata.metatype);
      if (loose.length)
        throw validationFailed(
          toFieldErrors(
            loose.map((property) => ({
              property,
              value: query[property],
              constraints: { isNumber: 'isNumber' },
            })),
          ),
        );
    }
    return super.transform(value, metadata);
  }

  protected override async validate(object: object, options?: ValidatorOptions): Promise<ValidationError[]> {
    // The text rule reads the values as sent; then lone surrogates become U+FFFD, because some validators
    // (validator.js's isEmail, through encodeURI) throw on them. The value is refused either way.
    const text = findTextProblems(object);
    if (text.some((f) => f.problem === 'INVALID_UTF8')) wellFormed(object);
    const errors = await super.validate(object, {
      ...options,
      // The catalogue needs the value (missing or not) and the owning class (for the rule's arguments).
      validationError: { target: true, value: true },
    });
    return withText(unexpectedNulls(errors, object), text);
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
