import { createPrivateKey, type KeyObject } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { generateRequestKeyPair } from '@kyso/agent-protocol';

/**
 * The server's ECDSA P-256 key that signs token-agent request tokens. Created once (mode 0600, written to a
 * temporary file and renamed) and kept: leaders' agents pin its public half when they pair.
 */
export async function loadOrCreateRequestKey(file: string): Promise<KeyObject> {
  try {
    return createPrivateKey(await readFile(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const { privateKey } = generateRequestKeyPair();
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, file);
  return privateKey;
}
