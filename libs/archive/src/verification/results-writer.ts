import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import type { BlobStore, StoredBlob } from '@kyso/storage';

/**
 * Streams JSON Lines into one blob. The blob store writes a temporary file and renames it into place when the stream
 * ends, so readers see the whole results or nothing: an aborted run leaves no partial file behind.
 */
export class ResultsWriter {
  private readonly stream = new PassThrough();
  private readonly stored: Promise<StoredBlob>;
  private lines = 0;

  constructor(
    blobs: BlobStore,
    readonly key: string,
  ) {
    this.stored = blobs.put(key, this.stream);
    // Awaited by finish() or abort(); until then a failed put must not count as an unhandled rejection.
    this.stored.catch(() => undefined);
  }

  /** Appends one line; waits while the blob store is behind (backpressure), and fails once the put has failed. */
  async write(record: unknown): Promise<void> {
    this.lines++;
    if (!this.stream.write(`${JSON.stringify(record)}\n`))
      await Promise.race([once(this.stream, 'drain'), this.stored]);
  }

  /** Ends the stream and waits until the blob is in place. */
  async finish(): Promise<{ blob: StoredBlob; lines: number }> {
    this.stream.end();
    return { blob: await this.stored, lines: this.lines };
  }

  /** Drops what was written; the temporary file is removed and no blob appears under `key`. */
  async abort(): Promise<void> {
    // Without an error: the put sees a premature close and removes its temporary file; nobody else listens.
    this.stream.destroy();
    await this.stored.catch(() => undefined);
  }
}
