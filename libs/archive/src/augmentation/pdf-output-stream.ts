import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ByteSource } from '@kyso/pdf';

const CHUNK = 1024 * 1024;

/** The bytes of a ByteSource as a stream, one MiB at a time, so a 200 MB PDF is never held whole. */
export function byteSourceStream(source: ByteSource): Readable {
  let offset = 0;
  return new Readable({
    async read() {
      try {
        if (offset >= source.size) {
          this.push(null);
          return;
        }
        const length = Math.min(CHUNK, source.size - offset);
        const chunk = await source.read(offset, length);
        offset += length;
        this.push(chunk);
      } catch (err) {
        this.destroy(err as Error);
      }
    },
  });
}

/** Lower-case hex SHA-256 of a ByteSource, read in chunks. */
export async function sha256Of(source: ByteSource): Promise<string> {
  const hash = createHash('sha256');
  for (let offset = 0; offset < source.size; offset += CHUNK) {
    hash.update(await source.read(offset, Math.min(CHUNK, source.size - offset)));
  }
  return hash.digest('hex');
}
