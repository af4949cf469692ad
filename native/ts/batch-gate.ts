/**
 * Limits how many batches are handed to the addon at once. Each batch in flight parks one libuv
 * thread (its AsyncWorker waits, asleep, for the addon's own pool); libuv has only four by default
 * and node:fs, node:crypto and zlib share them. The addon's pool is saturated by one batch, so two
 * in flight (one running, one queued so the pool never idles between batches) lose no throughput
 * and leave the other libuv threads to the rest of the process.
 */
export class BatchGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running += 1;
    try {
      return await task();
    } finally {
      this.running -= 1;
      this.waiting.shift()?.();
    }
  }
}
