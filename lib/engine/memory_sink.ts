/**
 * An in-memory result table, readable as rows or a DataFrame and
 * queryable with SQL (polars SQLContext), like Spark's memory sink.
 *
 * @module
 */
import pl from "nodejs-polars";
import type { Sink, SinkBatch, SinkQueryInfo } from "./sink.ts";

/** Options of {@linkcode memorySink}. */
export interface MemorySinkOptions {
  /** SQL table name. Default: the query's name. */
  tableName?: string;
}

/** The sink made by {@linkcode memorySink}. */
export interface MemorySink extends Sink {
  /** The SQL table name (known once the query started). */
  readonly tableName: string | undefined;
  /** Batches received so far (replays included). */
  readonly batchCount: number;
  /** The id of the last batch received, or -1. */
  readonly lastBatchId: number;
  /** The result table, ordered by its key columns. */
  toDataFrame(): pl.DataFrame;
  /** The result table as plain row objects. */
  rows(): Record<string, unknown>[];
  /**
   * Runs SQL over the table (named after the query unless `tableName`).
   *
   * @param query E.g. `SELECT song_name, plays FROM plays ORDER BY plays DESC LIMIT 10`.
   * @returns The result.
   */
  sql(query: string): pl.DataFrame;
}

/**
 * Creates a memory sink for one query.
 *
 * @param options Table name.
 * @returns The sink.
 *
 * @example
 * ```ts
 * const sink = memorySink();
 * // ... .writeStream("plays", { sink }); await runOnce([query]);
 * sink.sql("SELECT * FROM plays WHERE plays > 10").toRecords();
 * ```
 */
export function memorySink(options: MemorySinkOptions = {}): MemorySink {
  let info: SinkQueryInfo | undefined;
  let current: () => pl.DataFrame = () => pl.DataFrame({});
  let batchCount = 0;
  let lastBatchId = -1;
  const tableName = () => options.tableName ?? info?.name;
  return {
    get tableName() {
      return tableName();
    },
    get batchCount() {
      return batchCount;
    },
    get lastBatchId() {
      return lastBatchId;
    },
    open(query: SinkQueryInfo, table: pl.DataFrame) {
      if (info && info.name !== query.name) {
        throw new TypeError(
          `this memory sink already serves query ${info.name}; give ` +
            `${query.name} its own memorySink()`,
        );
      }
      info = query;
      current = () => table;
    },
    write(batch: SinkBatch) {
      batchCount++;
      lastBatchId = batch.batchId;
      current = () => batch.table();
    },
    toDataFrame() {
      return current();
    },
    rows() {
      return current().toRecords() as Record<string, unknown>[];
    },
    sql(query: string) {
      const name = tableName();
      if (!name) {
        throw new TypeError("memorySink().sql(): the query has not started");
      }
      return pl.SQLContext({ [name]: current() }).execute(query, {
        eager: true,
      });
    },
  };
}
