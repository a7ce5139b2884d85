/**
 * Hands every batch to a function.
 *
 * @module
 */
import type pl from "nodejs-polars";
import type { Sink, SinkBatch, SinkQueryInfo } from "./sink.ts";

/** Options of {@linkcode callbackSink}. */
export interface CallbackSinkOptions {
  /** Called once before any batch with the restored table (see `Sink.open`). */
  open?: (query: SinkQueryInfo, table: pl.DataFrame) => void | Promise<void>;
  /**
   * Whether `fn` calls `batch.table()`; without it the engine keeps no
   * result table for append and update queries. Default `false`.
   */
  usesTable?: boolean;
}

/**
 * Creates a sink that calls `fn` with each batch (awaited).
 *
 * @param fn Receives the batch: its id, emitted rows and `table()`.
 * @param options An `open` callback.
 * @returns The sink.
 * @throws {TypeError} When `fn` is not a function.
 */
export function callbackSink(
  fn: (batch: SinkBatch) => void | Promise<void>,
  options: CallbackSinkOptions = {},
): Sink {
  if (typeof fn !== "function") {
    throw new TypeError(`callbackSink() needs a function: got ${typeof fn}`);
  }
  return {
    usesTable: options.usesTable ?? false,
    open: options.open,
    write: (batch) => fn(batch),
  };
}
