/**
 * A plain-JS reference of the per-window lateness rule (DESIGN §5), written
 * independently of the engine: batch by batch, the watermark as of a
 * batch's start decides for each (row, window) pair whether the pair is
 * dropped (its window ended at or before the watermark) or kept; rows of
 * queries without a window are never late. Per partition, the latest event
 * time comes from rows with a kept pair; the watermark after a batch is the
 * minimum over partitions minus the delay, and never moves back.
 *
 * @module
 */

/** A row of a query (after its filters), in arrival order. */
export interface TimedRow {
  /** The caller's id of the row (e.g. its index in the input). */
  id: number;
  /** Event time, epoch ms. */
  timeMs: number;
  /** Source partition. */
  partition: number;
}

/** A window's length and slide. */
export interface ModelWindow {
  sizeMs: number;
  slideMs: number;
}

/** A row counted in a window (by start; 0 without windows). */
export interface Pair {
  id: number;
  windowStart: number;
}

/** What the model predicts. */
export interface LatenessOutcome {
  /** The (row, window) pairs kept, in arrival order. */
  pairs: Pair[];
  /** The (row, window) pairs dropped as late. */
  late: number;
  /** The watermark after each batch (`-Infinity` before any). */
  marks: number[];
}

/** The starts of the windows `[start, start + size)` holding `t`. */
export function windowsOf(t: number, w: ModelWindow): number[] {
  const starts: number[] = [];
  for (let s = Math.floor(t / w.slideMs) * w.slideMs; s > t - w.sizeMs;) {
    starts.push(s);
    s -= w.slideMs;
  }
  return starts;
}

/**
 * Applies the per-window rule to rows delivered in `batches`.
 *
 * @param batches The rows of each micro-batch.
 * @param window The query's window, or `null`.
 * @param delayMs The watermark delay, or `null` without a watermark.
 */
export function latenessModel(
  batches: readonly (readonly TimedRow[])[],
  window: ModelWindow | null,
  delayMs: number | null,
): LatenessOutcome {
  const pairs: Pair[] = [];
  const marks: number[] = [];
  let late = 0;
  let wm = -Infinity;
  const maxByPartition = new Map<number, number>();
  for (const batch of batches) {
    for (const row of batch) {
      const starts = window ? windowsOf(row.timeMs, window) : [0];
      const open = window && delayMs !== null
        ? starts.filter((s) => s + window.sizeMs > wm)
        : starts;
      late += starts.length - open.length;
      for (const s of open) pairs.push({ id: row.id, windowStart: s });
      if (open.length === 0) continue;
      const latest = maxByPartition.get(row.partition) ?? -Infinity;
      maxByPartition.set(row.partition, Math.max(latest, row.timeMs));
    }
    if (delayMs !== null && maxByPartition.size > 0) {
      wm = Math.max(wm, Math.min(...maxByPartition.values()) - delayMs);
    }
    marks.push(wm);
  }
  return { pairs, late, marks };
}
