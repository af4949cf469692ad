import { runAgentCli } from './cli/agent-cli';

/** `kyso-token-agent serve | pair | unpair | list`: a small node:http program, no database, no Nest. */
const untilStopped = () =>
  new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });

runAgentCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  fetch,
  untilStopped,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`kyso-token-agent: ${(err as Error)?.message ?? String(err)}\n`);
    process.exitCode = 70;
  },
);
