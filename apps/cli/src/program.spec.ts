import { describe, expect, it } from 'vitest';
import { KysoError } from '@kyso/common';
import { SigningError, SigningErrorCode } from '@kyso/signing';
import { CliError, EXIT } from './cli-error';
import { type CliIo, runCli } from './program';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), env: {} };
  return { value, out, err };
}

describe('kyso CLI frame', () => {
  it('prints the version and exits 0', async () => {
    const t = io();
    expect(await runCli(['--version'], [], t.value)).toBe(EXIT.OK);
    expect(t.out.join('')).toContain('0.1.0');
  });

  it('exits 3 with help on an unknown command', async () => {
    const t = io();
    const known = (p: import('commander').Command) => void p.command('known').action(() => undefined);
    expect(await runCli(['frobnicate'], [known], t.value)).toBe(EXIT.USAGE);
    expect(t.err.join('')).toMatch(/unknown command/);
  });

  it('turns a domain error into one Vietnamese line and the exit code of its kind', async () => {
    const t = io();
    const code = await runCli(
      ['boom'],
      [
        (p) =>
          p.command('boom').action(() => {
            throw new KysoError(
              'TOKEN_NOT_FOUND',
              'not-found',
              'token "leader" not found',
              'Không tìm thấy thiết bị ký "leader"',
            );
          }),
      ],
      t.value,
    );
    expect(code).toBe(EXIT.USAGE);
    expect(t.err.join('')).toBe(
      'kyso: TOKEN_NOT_FOUND: Không tìm thấy thiết bị ký "leader" (token "leader" not found)\n',
    );
  });

  it('adds the flag that fixes a library error, which the library itself never names', async () => {
    const t = io();
    const missing = new SigningError(
      SigningErrorCode.TSA_REQUIRED,
      'a timestamp authority is needed for B-T',
    );
    const code = await runCli(
      ['boom'],
      [(p) => p.command('boom').action(() => Promise.reject(missing))],
      t.value,
    );
    expect(code).toBe(EXIT.USAGE);
    expect(t.err.join('')).toBe(
      'kyso: TSA_REQUIRED: Cần địa chỉ máy chủ dấu thời gian (TSA) cho mức ký này ' +
        '(a timestamp authority is needed for B-T) (--tsa URL)\n',
    );
  });

  it('keeps a CliError exit code', async () => {
    const t = io();
    const code = await runCli(
      ['x'],
      [(p) => p.command('x').action(() => Promise.reject(new CliError('bad', 4)))],
      t.value,
    );
    expect(code).toBe(4);
    expect(t.err.join('')).toBe('kyso: bad\n');
  });
});
