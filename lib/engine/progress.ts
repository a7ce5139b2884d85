/**
 * Per-batch progress (like Spark's query progress) and its compact console
 * line.
 *
 * @module
 */
import type { SourcePosition } from "./source.ts";

/** One query's part of a batch's progress. */
export interface QueryProgress {
  /** The query's name. */
  name: string;
  /** Rows that reached the query after its row steps. */
  inputRows: number;
  /**
   * Rows emitted to the sink; `null` in complete mode when no sink read
   * them (the full table is computed only when read).
   */
  outputRows: number | null;
  /**
   * Late (row, window) pairs dropped in this batch: a windowed query drops
   * a row from each of its windows that ended at or before the watermark
   * (and keeps it in the open ones), so a sliding window's row can count
   * more than once; as Spark's `numRowsDroppedByWatermark`. Always 0 for
   * queries without a window.
   */
  lateRows: number;
  /** Late (row, window) pairs dropped since the query started. */
  lateRowsTotal: number;
  /** Rows of partial-aggregate state after the batch. */
  stateRows: number;
  /** The query's watermark (ISO-8601 UTC), or `null` without one. */
  watermark: string | null;
}

/** Progress of one micro-batch; the payload of `engine.batch_end`. */
export interface BatchProgress {
  /** Batch id (0, 1, ...). */
  batchId: number;
  /** When the batch started (ISO-8601 UTC). */
  timestamp: string;
  /** Records the source delivered. */
  inputRows: number;
  /** Messages the source rejected as invalid (dead-lettered, not in `inputRows`). */
  invalidRows: number;
  /** Wall time of the batch (decode, queries, sinks, checkpoint). */
  durationMs: number;
  /** `inputRows` per second of `durationMs`. */
  rowsPerSecond: number;
  /** Source position after the batch. */
  position: SourcePosition | null;
  /** Whether this batch closed every window at the end of a bounded run. */
  final: boolean;
  /** Per query. */
  queries: QueryProgress[];
}

/** Summary of a run; what `done` resolves to. */
export interface StreamSummary {
  /** Batches run by this process. */
  batches: number;
  /** Records read by this process. */
  inputRows: number;
  /** Invalid messages the source rejected (dead-lettered) in this process. */
  invalidRows: number;
  /** Wall time of the run. */
  durationMs: number;
  /** Last batch id (from a checkpoint too), or -1. */
  lastBatchId: number;
  /** Late (row, window) pairs dropped per query since the query started. */
  lateRows: Record<string, number>;
}

/** The engine's instrumentation events. */
export interface EngineEvents {
  /** The stream opened its source and sinks. */
  "engine.start": {
    queries: string[];
    sourceId: string;
    /** The last committed batch of the checkpoint resumed, or `null`. */
    resumedFromBatch: number | null;
    /** A batch planned in the offset log but not committed, replayed first. */
    replayingBatch: number | null;
  };
  /** A batch completed (after sinks and checkpoint). */
  "engine.batch_end": BatchProgress;
  /** The stream stopped (normally or after an error). */
  "engine.stop": StreamSummary & { error?: string };
}

function compact(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/**
 * Formats the late (row, window) pairs of each query for a summary, e.g.
 * `day_vs_night 1, sliding 279`: queries that dropped nothing are left
 * out (so one late row is never shown as one per query), `"none"` when no
 * query dropped anything.
 *
 * @param lateRows Late pairs per query (`StreamSummary.lateRows`).
 * @returns The text.
 */
export function formatLateRows(
  lateRows: Readonly<Record<string, number>>,
): string {
  const late = Object.entries(lateRows).filter(([, n]) => n > 0);
  if (late.length === 0) return "none";
  return late.map(([name, n]) => `${name} ${compact(n)}`).join(", ");
}

/**
 * Formats progress as one line, e.g.
 * `batch 3  rows 100,000  412,310 rows/s  243 ms  plays: wm 2025-03-01T05:00:00Z state 1,204 late 0`.
 *
 * @param progress A batch's progress.
 * @returns The line.
 */
export function formatProgress(progress: BatchProgress): string {
  const queries = progress.queries.map((q) =>
    `${q.name}: wm ${q.watermark?.replace(".000Z", "Z") ?? "-"} state ${
      compact(q.stateRows)
    } late ${compact(q.lateRows)}`
  ).join("; ");
  const invalid = progress.invalidRows > 0
    ? `  invalid ${compact(progress.invalidRows)}`
    : "";
  return `batch ${progress.batchId}${progress.final ? " (final)" : ""}  rows ${
    compact(progress.inputRows)
  }${invalid}  ${compact(progress.rowsPerSecond)} rows/s  ${
    compact(progress.durationMs)
  } ms  ${queries}`;
}

/** One batch as a table row (see {@linkcode progressRow}). */
export interface ProgressRow {
  batch: number;
  "input rows": number;
  "duration (ms)": number;
  "rows/s": number;
  /** The first watermark among the queries (ISO-8601), or `""`. */
  watermark: string;
  /** State rows summed over the queries. */
  "state rows": number;
  /** Late (row, window) pairs of this batch per query ({@linkcode formatLateRows}). */
  "late pairs": string;
  /** `"yes"` for the batch that closed every window. */
  final: string;
}

/**
 * A batch's progress as one table row, queries summed.
 *
 * @param progress A batch's progress (`engine.batch_end`).
 * @returns The row.
 */
export function progressRow(progress: BatchProgress): ProgressRow {
  const sum = (of: (q: QueryProgress) => number) =>
    progress.queries.reduce((total, q) => total + of(q), 0);
  return {
    batch: progress.batchId,
    "input rows": progress.inputRows,
    "duration (ms)": progress.durationMs,
    "rows/s": Math.round(progress.rowsPerSecond),
    watermark: progress.queries.find((q) => q.watermark)?.watermark ?? "",
    "state rows": sum((q) => q.stateRows),
    "late pairs": formatLateRows(
      Object.fromEntries(progress.queries.map((q) => [q.name, q.lateRows])),
    ),
    final: progress.final ? "yes" : "",
  };
}
