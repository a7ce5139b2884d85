/**
 * Test helpers: sources cut into chosen batch sizes, a hand-driven clock.
 *
 * @module
 */
import type { Clock, Source } from "../../lib/engine/mod.ts";

/**
 * Makes a source deliver batches of exactly these sizes (cycling): after
 * each chunk it reports nothing available once, which ends the engine's
 * batch. Calls `beforeBatch(i)` before each chunk.
 */
export function withBatchSizes(
  source: Source,
  sizes: number[],
  beforeBatch?: (index: number) => void,
): Source {
  let index = 0;
  let gap = false;
  const poll = source.poll.bind(source);
  source.poll = (max, wait) => {
    if (gap) {
      gap = false;
      return poll(0, wait);
    }
    gap = true;
    beforeBatch?.(index);
    return poll(Math.min(max, sizes[index++ % sizes.length]), wait);
  };
  return source;
}

/** A clock moved by hand; `sleep` advances it and yields to the loop. */
export class ManualClock implements Clock {
  /** Current time, ms. */
  nowMs: number;
  /** @param startMs Initial time. */
  constructor(startMs = 0) {
    this.nowMs = startMs;
  }
  /** The current time. */
  now(): number {
    return this.nowMs;
  }
  /** Advances time by `ms` and yields to the event loop. */
  sleep(ms: number): Promise<void> {
    this.nowMs += ms;
    return new Promise((resolve) => setTimeout(resolve, 0));
  }
}
