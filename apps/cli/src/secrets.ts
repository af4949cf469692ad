import { CliError } from './cli-error';
import type { CliIo } from './program';

/**
 * Reads a secret (PIN, PKCS#12 password) from the environment variable the user named, or asks for it on a
 * terminal without echo. Secrets are never taken from the command line, where `ps` and shell history see them.
 */
export async function readSecret(io: CliIo, envVar: string | undefined, prompt: string): Promise<string> {
  if (envVar) {
    const value = io.env[envVar];
    if (value === undefined || value === '')
      throw new CliError(`environment variable ${envVar} is empty or not set`);
    return value;
  }
  if (!process.stdin.isTTY)
    throw new CliError(`${prompt}: give it through an environment variable (--pin-env / --p12-pass-env)`);
  return promptHidden(prompt);
}

function promptHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(`${prompt}: `);
    let value = '';
    stdin.setRawMode(true);
    stdin.resume();
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          done();
          process.stderr.write('\n');
          return resolve(value);
        }
        if (ch === '\u0003') {
          done();
          return reject(new CliError('cancelled'));
        }
        if (ch === '\u007f') value = value.slice(0, -1);
        else value += ch;
      }
    };
    const done = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
    };
    stdin.on('data', onData);
  });
}
