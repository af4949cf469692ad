/** Lets timers and I/O run between slices of synchronous work done on the JS thread. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
