import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

const SECRET_BYTES = 32;

/**
 * The HMAC key that signs access tokens. Read from the configured file; on first start the file is created with 32
 * random bytes, readable by the owner only (0600). Two processes starting together agree on one key: each writes
 * its candidate to a file of its own, then links it into place, which fails if the file exists — so the file appears
 * whole or not at all, and the loser reads the winner's.
 */
export async function loadOrCreateJwtSecret(file: string): Promise<Buffer> {
  try {
    return check(await readFile(file), file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const candidate = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    await writeFile(candidate, randomBytes(SECRET_BYTES), { mode: 0o600, flag: 'wx' });
    await link(candidate, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    await rm(candidate, { force: true });
  }
  return check(await readFile(file), file);
}

function check(secret: Buffer, file: string): Buffer {
  if (secret.length < SECRET_BYTES) {
    throw new Error(
      `the JWT secret in ${file} is shorter than ${SECRET_BYTES} bytes; delete it to have a new one generated (all sessions end)`,
    );
  }
  return secret;
}
