import 'reflect-metadata';
import { runCli } from './program';
import { registrars } from './commands';

runCli(process.argv.slice(2), registrars).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`kyso: ${(err as Error)?.message ?? String(err)}\n`);
    process.exitCode = 70;
  },
);
