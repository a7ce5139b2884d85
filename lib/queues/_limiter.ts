/**
 * A counting semaphore: at most `limit` tasks run at once, the rest wait
 * in FIFO order.
 *
 * @module
 */

/** Runs tasks with bounded concurrency. */
export interface Limiter {
  /** Runs `task` when a slot is free; resolves/rejects with its result. */
  run<T>(task: () => Promise<T>): Promise<T>;
}

/** Creates a {@linkcode Limiter} with `limit` slots. */
export function createLimiter(limit: number): Limiter {
  let active = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    active--;
    waiting.shift()?.();
  };
  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (active >= limit) {
        await new Promise<void>((resolve) => waiting.push(resolve));
      }
      active++;
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}
