import { isCalendarDate } from '@kyso/org';
import { DocumentsError, DocumentsErrorCode } from '../documents.exception';
import { SECRECY_LEVELS, type Secrecy, URGENCIES, type Urgency } from './document-status';

/**
 * Collects field problems and throws once with all of them, so that a client learns every bad field in one answer.
 * Transports validate shapes first; these checks keep the domain's invariants whoever calls it (API, CLI, worker).
 */
export class InputCheck {
  private readonly fields: string[] = [];

  text(field: string, value: string | null | undefined, max: number, required = false): this {
    if (value === undefined || value === null || value.trim() === '') {
      if (required) this.fields.push(field);
    } else if (value.length > max) this.fields.push(field);
    return this;
  }

  date(field: string, value: string | null | undefined): this {
    if (value !== undefined && value !== null && !isCalendarDate(value)) this.fields.push(field);
    return this;
  }

  urgency(value: string | undefined): this {
    if (value !== undefined && !(URGENCIES as readonly string[]).includes(value)) this.fields.push('urgency');
    return this;
  }

  secrecy(value: string | undefined): this {
    if (value !== undefined && !(SECRECY_LEVELS as readonly string[]).includes(value))
      this.fields.push('secrecy');
    return this;
  }

  positive(field: string, value: number | null | undefined): this {
    if (value !== undefined && value !== null && (!Number.isInteger(value) || value < 1 || value > 100000))
      this.fields.push(field);
    return this;
  }

  done(): void {
    if (this.fields.length)
      throw new DocumentsError(DocumentsErrorCode.INVALID_INPUT, {
        fields: this.fields,
        reason: this.fields.join(', '),
      });
  }
}

export function urgencyOr(value: Urgency | undefined): Urgency {
  return value ?? 'normal';
}

export function secrecyOr(value: Secrecy | undefined): Secrecy {
  return value ?? 'none';
}
