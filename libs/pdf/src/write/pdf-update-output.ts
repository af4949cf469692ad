import { randomBytes } from 'node:crypto';
import { createWriteStream, promises as fs } from 'node:fs';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { PdfError, PdfErrorCode } from '../errors/pdf-error';
import { ByteSource, ConcatByteSource, FileByteSource } from '../io/byte-source';
import type { PlaceholderSpan } from '../objects/pdf-serializer';

const COPY_CHUNK = 1024 * 1024;

/**
 * The result of an incremental update: the untouched original plus the bytes to append. The whole new
 * file is never materialised unless asked for (`toBuffer`), so a 200 MB input costs no extra memory.
 */
export class PdfUpdateOutput {
  constructor(
    readonly original: ByteSource,
    /** The appended bytes (starting with a newline when the original did not end with one). */
    readonly update: Buffer,
    /** Placeholder spans in absolute file offsets. */
    readonly placeholders: readonly PlaceholderSpan[] = [],
  ) {}

  get originalSize(): number {
    return this.original.size;
  }

  get size(): number {
    return this.original.size + this.update.length;
  }

  /** Random access over original + update, for hashing or re-reading the result without a copy. */
  toByteSource(): ByteSource {
    return new ConcatByteSource(this.original, this.update);
  }

  /** The whole file in memory: for small documents and tests. */
  async toBuffer(): Promise<Buffer> {
    const head = await this.original.read(0, this.original.size);
    return Buffer.concat([head, this.update]);
  }

  /** A copy whose update bytes are overwritten at an absolute file offset (inside the update only). */
  patched(absoluteOffset: number, bytes: Buffer): PdfUpdateOutput {
    const at = absoluteOffset - this.original.size;
    if (at < 0 || at + bytes.length > this.update.length) {
      throw new PdfError(PdfErrorCode.INVALID_ARGUMENT, { detail: 'patch outside the appended update' });
    }
    const update = Buffer.from(this.update);
    bytes.copy(update, at);
    return new PdfUpdateOutput(this.original, update, this.placeholders);
  }

  /**
   * Writes original + update to `path` through a temporary file and a rename. When the original is a file
   * (possibly with earlier updates stacked on it, as in sign → DSS → timestamp), the file is copied by the
   * OS (`copyFile`) and the appended parts follow: the original is never read into memory.
   */
  async writeTo(path: string): Promise<void> {
    const target = resolve(path);
    const { base, appended } = unstack(this.original);
    if (base instanceof FileByteSource && resolve(base.path) === target) {
      throw new PdfError(PdfErrorCode.INVALID_ARGUMENT, { detail: 'refusing to overwrite the source file' });
    }
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      if (base instanceof FileByteSource) {
        await base.assertUnchanged();
        await fs.copyFile(base.path, temp);
        const copied = await fs.stat(temp);
        if (copied.size !== base.size) throw new PdfError(PdfErrorCode.SOURCE_CHANGED, { detail: path });
        for (const part of [...appended, this.update]) await fs.appendFile(temp, part);
      } else {
        const out = createWriteStream(temp);
        try {
          await this.writeToStream(out);
        } finally {
          out.end();
          await once(out, 'close');
        }
      }
      await fs.rename(temp, target);
    } catch (error) {
      await fs.rm(temp, { force: true });
      if (error instanceof PdfError) throw error;
      throw new PdfError(PdfErrorCode.IO, { detail: `cannot write ${path}`, cause: error });
    }
  }

  /** Streams original + update into a writable, 1 MiB at a time, honouring back-pressure. */
  async writeToStream(out: NodeJS.WritableStream): Promise<void> {
    for (let pos = 0; pos < this.original.size; pos += COPY_CHUNK) {
      const chunk = await this.original.read(pos, COPY_CHUNK);
      if (!out.write(chunk)) await once(out, 'drain');
    }
    if (!out.write(this.update)) await once(out, 'drain');
  }
}

/** Splits "file + update + update…" into the innermost source and the appended buffers, in order. */
function unstack(source: ByteSource): { base: ByteSource; appended: Buffer[] } {
  const appended: Buffer[] = [];
  let base = source;
  while (base instanceof ConcatByteSource) {
    appended.unshift(base.tail);
    base = base.head;
  }
  return { base, appended };
}
