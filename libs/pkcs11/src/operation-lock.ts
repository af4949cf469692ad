/**
 * Runs tasks one at a time, in arrival order. A PKCS#11 session carries one operation state
 * (find, sign...), and C_SignAsync runs it on a worker thread: nothing else may touch the session
 * until that returns.
 */
export class OperationLock {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  /** Tasks queued or running. */
  get size(): number {
    return this.pending;
  }

  run<T>(task: () => T | Promise<T>): Promise<T> {
    this.pending++;
    const result = this.tail.then(task).finally(() => {
      this.pending--;
    });
    // The chain must survive a failed task: the next one runs regardless.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
