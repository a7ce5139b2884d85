/**
 * Hands every batch to a function.
 *
 * @module
 */
import type { Sink, SinkBatch } from "./sink.ts";

/**
 * Creates a sink that calls `fn` with each batch (awaited).
 *
 * @param fn Receives the batch: its id, emitted rows and `table()`.
 * @returns The sink.
 * @throws {TypeError} When `fn` is not a function.
 */
export function callbackSink(
  fn: (batch: SinkBatch) => void | Promise<void>,
): Sink {
  if (typeof fn !== "function") {
    throw new TypeError(`callbackSink() needs a function: got ${typeof fn}`);
  }
  return { write: (batch) => fn(batch) };
}
