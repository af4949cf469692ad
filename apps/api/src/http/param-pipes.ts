import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { RULES } from './field-errors';
import { validationFailed } from './validation.pipe';

function refuse(metadata: ArgumentMetadata, rule: keyof typeof RULES, args: unknown[] = []): never {
  const { code, en, vi } = RULES[rule];
  throw validationFailed([
    { field: metadata.data ?? metadata.type, code, messages: [en(args)], messagesVi: [vi(args)] },
  ]);
}

/** A path parameter that must be a UUID; refused like a DTO field, naming the parameter. */
@Injectable()
export class UuidParamPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (typeof value !== 'string' || !isUUID(value)) refuse(metadata, 'isUuid');
    return value;
  }
}

/** A whole-number path parameter between `min` and `max` (so a huge one never reaches an integer column). */
export class IntParamPipe implements PipeTransform<unknown, number> {
  constructor(
    private readonly min: number,
    private readonly max: number,
  ) {}

  transform(value: unknown, metadata: ArgumentMetadata): number {
    const n =
      typeof value === 'number'
        ? value
        : typeof value === 'string' && /^-?\d+$/.test(value)
          ? Number(value)
          : NaN;
    if (!Number.isInteger(n)) refuse(metadata, 'isInt');
    if (n < this.min) refuse(metadata, 'min', [this.min]);
    if (n > this.max) refuse(metadata, 'max', [this.max]);
    return n;
  }
}
