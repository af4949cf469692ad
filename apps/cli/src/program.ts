import { Command, CommanderError } from 'commander';
import { KYSO_VERSION } from '@kyso/common';
import { describeError, EXIT } from './cli-error';

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: Record<string, string | undefined>;
}

export const processIo: CliIo = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  // The CLI's one read of the environment: it is handed to loadConfig and to --pin-env lookups as `io.env`.
  env: process.env, // eslint-disable-line no-restricted-properties
};

/** A command module adds its sub-commands to the program. */
export type CommandRegistrar = (program: Command, io: CliIo, setExit: (code: number) => void) => void;

/**
 * Builds and runs the `kyso` program. Every failure ends as one line on stderr and a documented exit code;
 * stack traces only with KYSO_DEBUG=1.
 */
export async function runCli(
  argv: string[],
  registrars: CommandRegistrar[],
  io: CliIo = processIo,
): Promise<number> {
  let exitCode: number = EXIT.OK;
  const program = new Command()
    .name('kyso')
    .description('kyso — ký số PAdES và quản lý văn bản / PAdES signing and document management')
    .version(KYSO_VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(kyso --help để xem hướng dẫn / for help)');
  for (const register of registrars) register(program, io, (code) => (exitCode = Math.max(exitCode, code)));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    const { line, exitCode: code } = describeError(err);
    io.stderr(`kyso: ${line}\n`);
    if (io.env.KYSO_DEBUG === '1' && err instanceof Error) io.stderr(`${err.stack}\n`);
    return code;
  }
}
