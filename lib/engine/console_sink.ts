/**
 * Prints each batch's emitted rows as a table, like Spark's console sink.
 *
 * @module
 */
import Table from "cli-table3";
import type { Sink, SinkBatch } from "./sink.ts";

/** Options of {@linkcode consoleSink}. */
export interface ConsoleSinkOptions {
  /** Rows printed per batch (the rest are counted). Default 20. */
  maxRows?: number;
  /** Where lines go. Default `console.log`. */
  write?: (text: string) => void;
  /** Print batches that emitted no rows. Default false. */
  printEmpty?: boolean;
}

/**
 * Creates a console sink.
 *
 * @param options Row limit and output function.
 * @returns The sink.
 * @throws {RangeError} When `maxRows` is not a positive integer.
 */
export function consoleSink(options: ConsoleSinkOptions = {}): Sink {
  const { maxRows = 20, write = console.log, printEmpty = false } = options;
  if (!Number.isInteger(maxRows) || maxRows <= 0) {
    throw new RangeError(
      `consoleSink maxRows must be a positive integer: got ${maxRows}`,
    );
  }
  return {
    usesTable: false,
    write(batch: SinkBatch) {
      const { rows } = batch;
      if (rows.height === 0 && !printEmpty) return;
      const table = new Table({
        head: rows.columns,
        style: { head: [], border: [] },
      });
      for (const row of rows.head(maxRows).rows()) {
        table.push(row.map((value) => String(value ?? "null")));
      }
      const more = rows.height > maxRows
        ? `\n(${rows.height - maxRows} more rows)`
        : "";
      write(
        `${batch.name} — batch ${batch.batchId} (${batch.outputMode}, ` +
          `${rows.height} rows)\n${table.toString()}${more}`,
      );
    },
  };
}
