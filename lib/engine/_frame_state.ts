/**
 * Shared pieces of the query-definition classes: the frame's state and
 * the checks of `writeStream()`.
 *
 * @module
 */
import type pl from "nodejs-polars";
import type { ReferencedColumns } from "./_expr_columns.ts";
import type { OutputMode, Sink } from "./sink.ts";
import type { Source } from "./source.ts";
import type { QueryStep, WatermarkSpec } from "./stream_query.ts";

/** Options of `writeStream()`. */
export interface WriteStreamOptions {
  /** Where results go. */
  sink: Sink;
  /**
   * `"append"` (default for queries without aggregation), `"update"`
   * (default for aggregations) or `"complete"`. Append mode on an
   * aggregation needs a window and a watermark on its time column.
   */
  outputMode?: OutputMode;
}

/** What a frame carries: source, steps so far, watermark, probe, columns read. */
export interface FrameState {
  readonly source: Source;
  readonly steps: readonly QueryStep[];
  readonly watermark?: WatermarkSpec;
  readonly probe: pl.DataFrame;
  readonly used: ReferencedColumns;
}

/** Unions the columns read. */
export function addUsed(
  used: ReferencedColumns,
  more: ReferencedColumns | readonly string[],
): ReferencedColumns {
  if (used === "*" || more === "*") return "*";
  return new Set([...used, ...more]);
}

/** The output modes. */
export const OUTPUT_MODES: readonly OutputMode[] = [
  "append",
  "update",
  "complete",
];

/** Throws unless `name` is an identifier. */
export function requireQueryName(name: string): void {
  if (typeof name !== "string" || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new TypeError(
      `a query name must be an identifier (letters, digits, _; usable as a ` +
        `SQL table name): got ${JSON.stringify(name)}`,
    );
  }
}

/** Throws unless `sink` has `write`. */
export function requireSink(sink: Sink | undefined): void {
  if (typeof sink?.write !== "function") {
    throw new TypeError(
      `writeStream() needs a sink (memorySink(), jsonFileSink(), ...): got ${
        JSON.stringify(sink)
      }`,
    );
  }
}

/** Throws unless `mode` is an output mode. */
export function requireMode(mode: unknown): asserts mode is OutputMode {
  if (!OUTPUT_MODES.includes(mode as OutputMode)) {
    throw new RangeError(
      `outputMode must be one of ${OUTPUT_MODES.join(", ")}: got ${
        JSON.stringify(mode)
      }`,
    );
  }
}
