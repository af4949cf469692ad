import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PdfValidationResult } from '../model/validation-result';
import type { BatchFile } from './batch-file';
import type { BatchThreadInit, FromThread, ToThread } from './batch-thread-protocol';

/**
 * The compiled entry of a batch thread, or undefined when running from TypeScript sources (tests under
 * vitest): worker threads need JavaScript, and the batch then runs on the calling thread.
 */
export function batchThreadScript(): string | undefined {
  const script = join(__dirname, 'batch-thread.js');
  return existsSync(script) ? script : undefined;
}

interface Lane {
  readonly worker: Worker;
  inFlight: number;
}

/**
 * Worker threads that each parse and validate PDFs (the TypeScript part of validation is CPU-bound and would
 * otherwise use one core). Files go to the least busy thread; results come back as plain data.
 */
export class BatchThreads {
  private readonly lanes: Lane[];
  private readonly pending = new Map<
    number,
    { lane: Lane; resolve: (r: PdfValidationResult) => void; reject: (e: Error) => void }
  >();
  private nextId = 0;
  private failure: Error | undefined;
  private closing = false;

  constructor(script: string, count: number, init: BatchThreadInit) {
    this.lanes = Array.from({ length: count }, () => {
      const lane: Lane = { worker: new Worker(script, { workerData: init }), inFlight: 0 };
      lane.worker.on('message', (message: FromThread) => this.settle(message.id, message.result));
      // A thread that dies takes its files with it: fail them, and everything after, loudly.
      lane.worker.on('error', (err) => this.fail(err));
      lane.worker.on('exit', (code) => {
        if (code !== 0 && !this.closing)
          this.fail(new Error(`batch validation thread exited with code ${code}`));
      });
      return lane;
    });
  }

  validate(file: BatchFile): Promise<PdfValidationResult> {
    if (this.failure) return Promise.reject(this.failure);
    const lane = this.lanes.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
    const id = this.nextId++;
    lane.inFlight++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { lane, resolve, reject });
      lane.worker.postMessage({ id, file } satisfies ToThread);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.lanes.map((l) => l.worker.terminate()));
  }

  private settle(id: number, result: PdfValidationResult): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    entry.lane.inFlight--;
    entry.resolve(result);
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const [id, entry] of this.pending) {
      this.pending.delete(id);
      entry.reject(err);
    }
  }
}
