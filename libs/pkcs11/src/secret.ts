import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * Holds a PIN (or any secret) so that it cannot leak by accident: `String(secret)`, `JSON.stringify`,
 * `util.inspect`, template literals and loggers that call them all print `[redacted]`.
 * The value lives in a Buffer that `wipe()` zero-fills; a JS string copy is made only for the
 * moment of use, because pkcs11js's C_Login takes a string.
 */
export class Secret {
  #value: Buffer | undefined;

  constructor(value: string) {
    this.#value = Buffer.from(value, 'utf8');
  }

  /** Wraps a plain string; an existing Secret is returned as is (the caller keeps ownership). */
  static from(value: string | Secret): Secret {
    return value instanceof Secret ? value : new Secret(value);
  }

  get wiped(): boolean {
    return this.#value === undefined;
  }

  /** Calls `use` with the clear value. Keep the callback short and never let the value escape it. */
  use<T>(use: (value: string) => T): T {
    if (!this.#value) throw new Error('secret has been wiped');
    return use(this.#value.toString('utf8'));
  }

  wipe(): void {
    this.#value?.fill(0);
    this.#value = undefined;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }

  [Symbol.toPrimitive](): string {
    return REDACTED;
  }
}
