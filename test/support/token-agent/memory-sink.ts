import { Writable } from 'node:stream';

/** A Writable that keeps everything written, to search the agent's log and console output. */
export class MemorySink extends Writable {
  private chunks: string[] = [];

  override _write(
    chunk: Buffer | string,
    _encoding: BufferEncoding,
    callback: (error?: Error | null) => void,
  ): void {
    this.chunks.push(chunk.toString());
    callback();
  }

  text(): string {
    return this.chunks.join('');
  }
}
