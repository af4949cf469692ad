import { plainToInstance, Transform } from 'class-transformer';

/** Multipart forms send every field as text: an empty field means "not given". */
export const EmptyAsUndefined = () => Transform(({ value }) => (value === '' ? undefined : value));

/** `true`/`false` as text (multipart) or JSON booleans. */
export const FormBoolean = () =>
  Transform(({ value }) =>
    value === 'true' || value === true ? true : value === 'false' || value === false ? false : value,
  );

/** `5` as text (multipart) or a JSON number; anything else is left for the validator to reject. */
export const FormInteger = () =>
  Transform(({ value }) =>
    typeof value === 'string' && /^-?\d+$/.test(value.trim())
      ? Number(value)
      : value === ''
        ? undefined
        : value,
  );

/**
 * A nested object or array sent as a JSON string in a multipart field (or as JSON in a JSON body), turned into
 * instances of `type` so that its fields are validated too.
 */
export const FormJson = (type: new () => object) =>
  Transform(({ value }) => {
    let parsed = value;
    if (typeof value === 'string') {
      if (value === '') return undefined;
      try {
        parsed = JSON.parse(value);
      } catch {
        return value;
      }
    }
    return parsed && typeof parsed === 'object' ? plainToInstance(type, parsed) : parsed;
  });
