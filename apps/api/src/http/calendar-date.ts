import { ValidateBy, type ValidationOptions } from 'class-validator';
import { isCalendarDate } from '@kyso/org';

/**
 * A day that exists, written `YYYY-MM-DD` (`2025-02-30` is refused). The one date rule of the API: search filters,
 * document dates, deadlines and effective dates use it alike, the same check the domain applies.
 */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isCalendarDate(value),
        defaultMessage: () => 'must be a calendar date written YYYY-MM-DD',
      },
    },
    options,
  );
}
