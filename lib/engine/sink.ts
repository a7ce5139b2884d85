/**
 * The sink contract: where each query's results go after every batch.
 * Implementations: {@linkcode memorySink}, {@linkcode consoleSink},
 * {@linkcode jsonFileSink}, {@linkcode callbackSink}; all pass
 * `tests/engine/sink_conformance.ts`.
 *
 * @module
 */
import type pl from "nodejs-polars";

/**
 * How results are emitted (as in Spark): `"append"` emits each window
 * once, when the watermark closes it; `"update"` emits the rows changed by
 * the batch; `"complete"` emits the whole result table every batch.
 */
export type OutputMode = "append" | "update" | "complete";

/** Describes the query a sink serves. */
export interface SinkQueryInfo {
  /** The query's name (also the memory sink's SQL table name). */
  readonly name: string;
  /** Its output mode. */
  readonly outputMode: OutputMode;
  /**
   * Columns that identify a result row (`window_start`, `window_end` and
   * the group keys); empty for queries without aggregation.
   */
  readonly keyColumns: readonly string[];
}

/** What a sink receives after each batch. */
export interface SinkBatch extends SinkQueryInfo {
  /** The batch's id (0, 1, ...); a batch replayed after a crash repeats it. */
  readonly batchId: number;
  /**
   * The rows this batch emits under the output mode (in complete mode
   * computed on first read; read it inside `write()`).
   */
  readonly rows: pl.DataFrame;
  /**
   * The whole result table after this batch: appended rows (append),
   * latest row per key (update) or the full result (complete), ordered by
   * the key columns, as of the latest batch. Computed on first call.
   */
  table(): pl.DataFrame;
}

/** A destination of one query's results. */
export interface Sink {
  /**
   * Whether the sink reads `table()`. When `false`, the engine keeps no
   * result table for append and update queries (memory then stays bounded
   * by the watermark, however long the stream runs) and `table()` throws.
   * Default `true`.
   */
  readonly usesTable?: boolean;
  /**
   * Called once, before any batch, with the result table restored from a
   * checkpoint (empty without one). A stream that had finished runs no
   * batch at all, so this table is all such a run gives. Complete mode
   * always gives the full table (it derives from the restored state);
   * append and update give an empty one when `usesTable` is `false`.
   */
  open?(query: SinkQueryInfo, table: pl.DataFrame): void | Promise<void>;
  /** Receives a batch's results; must tolerate a replayed `batchId`. */
  write(batch: SinkBatch): void | Promise<void>;
  /** Called when the stream stops. */
  close?(): void | Promise<void>;
}
