import { spawn } from 'node:child_process';

export interface ToolRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stderr then stdout. openssl prints verdicts on either stream. */
  output: string;
}

/**
 * Runs a command-line tool and resolves when it exits. Asynchronous on purpose: the trust
 * services under test may share this process's event loop, and a synchronous spawn would
 * deadlock them. The two streams are collected apart and joined at the end: openssl can
 * write one line across both, and interleaving chunks as they arrive splits it at random.
 */
export function runTool(command: string, args: string[], debianPackage = command): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', (err) =>
      reject(new Error(`${command} is not installed: apt-get install -y ${debianPackage} (${err.message})`)),
    );
    child.on('close', (code) =>
      resolve({ code: code ?? -1, stdout, stderr, output: `${stderr}\n${stdout}` }),
    );
  });
}

export const openssl = async (args: string[]): Promise<string> => (await runTool('openssl', args)).output;
