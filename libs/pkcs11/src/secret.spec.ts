import { format, inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Secret } from './secret';

const PIN = '918273';

describe('Secret', () => {
  it('prints [redacted] however it is turned into text', () => {
    const secret = new Secret(PIN);
    const outputs = [
      String(secret),
      `${secret}`,
      'pin: ' + secret,
      JSON.stringify(secret),
      JSON.stringify({ options: { pin: secret } }),
      inspect(secret),
      inspect({ nested: { pin: secret } }, { depth: 10 }),
      inspect(secret, { customInspect: false, showHidden: true, depth: 10 }),
      format('%s %o %O %j', secret, secret, secret, secret),
    ];
    for (const output of outputs) expect(output).not.toContain(PIN);
    expect(inspect(secret)).toBe('[redacted]');
    expect(JSON.stringify(secret)).toBe('"[redacted]"');
  });

  it('hands the value to a callback only', () => {
    const secret = new Secret(PIN);
    expect(secret.use((value) => value.length)).toBe(6);
    expect(secret.use((value) => value === PIN)).toBe(true);
  });

  it('cannot be used after wipe', () => {
    const secret = new Secret(PIN);
    secret.wipe();
    expect(secret.wiped).toBe(true);
    expect(() => secret.use(() => undefined)).toThrow(/wiped/);
  });

  it('wraps strings and passes existing secrets through', () => {
    const secret = new Secret(PIN);
    expect(Secret.from(secret)).toBe(secret);
    expect(Secret.from(PIN)).not.toBe(secret);
  });
});
