import { randomBytes } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { PdfUpdateOutput } from '@kyso/pdf';
import { CliError } from './cli-error';

/**
 * Writes a signed PDF beside its final name and renames it into place: a failure at any step leaves no
 * output file (and never a half-written one), and the input is never overwritten in place.
 */
export async function writeOutputAtomically(
  output: PdfUpdateOutput,
  target: string,
  input: string,
): Promise<void> {
  const to = resolve(target);
  if (to === resolve(input)) throw new CliError('the output file must differ from the input file');
  const tmp = join(dirname(to), `.${basename(to)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await output.writeTo(tmp);
    await rename(tmp, to);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
