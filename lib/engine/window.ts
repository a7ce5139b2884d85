/**
 * Event-time windows: `window(timeCol, size, slide?)`, tumbling or
 * sliding, aligned to the Unix epoch in UTC as Spark aligns them.
 *
 * @module
 */
import pl from "nodejs-polars";
import { type Duration, durationMs } from "../support/mod.ts";

/** Output column holding a window's start (ISO-8601 UTC in results). */
export const WINDOW_START = "window_start";
/** Output column holding a window's end, exclusive (ISO-8601 UTC). */
export const WINDOW_END = "window_end";

/** A window specification, made by {@linkcode window}. */
export interface WindowSpec<C extends string = string> {
  /** Discriminates a window from a key column in `groupBy`. */
  readonly kind: "window";
  /** The event-time column (epoch milliseconds). */
  readonly timeColumn: C;
  /** Window length in milliseconds. */
  readonly sizeMs: number;
  /** Distance between window starts; equals `sizeMs` when tumbling. */
  readonly slideMs: number;
}

/**
 * Declares an event-time window for `groupBy`. Windows are half-open
 * intervals `[start, start + size)` whose starts are multiples of `slide`
 * since 1970-01-01T00:00:00Z; an event on a boundary belongs to the later
 * window. With `slide < size` (sliding windows) an event falls into
 * `ceil(size / slide)` windows at most.
 *
 * @param timeColumn The event-time column, epoch milliseconds.
 * @param size Window length, e.g. `"6 hours"` or milliseconds.
 * @param slide Slide between windows; default `size` (tumbling).
 * @returns The window specification.
 * @throws {RangeError} For invalid durations, a zero size, or a slide
 *   that is zero or larger than the size.
 *
 * @example Six-hour tumbling and one-hour-every-30-minutes sliding windows
 * ```ts
 * window("start_time", "6 hours");
 * window("start_time", "1 hour", "30 minutes");
 * ```
 */
export function window<C extends string>(
  timeColumn: C,
  size: Duration,
  slide?: Duration,
): WindowSpec<C> {
  if (typeof timeColumn !== "string" || timeColumn === "") {
    throw new TypeError(
      `window() needs the name of the event-time column: got ${
        JSON.stringify(timeColumn)
      }`,
    );
  }
  const sizeMs = durationMs(size, "window size");
  const slideMs = slide === undefined
    ? sizeMs
    : durationMs(slide, "window slide");
  if (sizeMs <= 0) {
    throw new RangeError(`window size must be positive: got ${sizeMs} ms`);
  }
  if (slideMs <= 0 || slideMs > sizeMs) {
    throw new RangeError(
      `window slide must be positive and at most the size (${sizeMs} ms): ` +
        `got ${slideMs} ms`,
    );
  }
  return Object.freeze({ kind: "window", timeColumn, sizeMs, slideMs });
}

/** Tells a window specification from a column name. */
export function isWindowSpec(value: unknown): value is WindowSpec {
  return typeof value === "object" && value !== null &&
    (value as WindowSpec).kind === "window";
}

/** One of the windows an event may fall into, as an expression. */
export interface WindowStartExpr {
  /** The window's start (Int64 epoch ms) for each row. */
  start: pl.Expr;
  /**
   * Whether the window may end at or before the event (only when the size
   * is not a multiple of the slide): such rows must be filtered out.
   */
  mayNotContain: boolean;
}

/**
 * The starts of the windows an event falls into: the latest start at or
 * before the event, then one slide earlier each, `ceil(size / slide)` in
 * all.
 *
 * @param spec The window.
 * @returns One expression per candidate window.
 */
export function windowStarts(spec: WindowSpec): WindowStartExpr[] {
  const { sizeMs, slideMs, timeColumn } = spec;
  const t = pl.col(timeColumn);
  // Latest window start <= t; floored modulo written so that it is right
  // for negative times whatever the sign convention of `%`.
  const last = t.minus(
    t.modulo(i64(slideMs)).plus(i64(slideMs)).modulo(i64(slideMs)),
  ).cast(pl.Int64);
  const count = Math.ceil(sizeMs / slideMs);
  return Array.from({ length: count }, (_, j) => ({
    start: j === 0 ? last : last.minus(i64(j * slideMs)),
    mayNotContain: (j + 1) * slideMs > sizeMs,
  }));
}

/**
 * Adds `WINDOW_START` (Int64 epoch ms) to every row, one row per window
 * the event falls into (sliding windows repeat the row).
 *
 * @param df Rows with the time column.
 * @param spec The window.
 * @returns Rows with `WINDOW_START`.
 */
export function assignWindows(
  df: pl.DataFrame,
  spec: WindowSpec,
): pl.DataFrame {
  const frames = windowStarts(spec).map(({ start, mayNotContain }) => {
    let f = df.lazy().withColumns(start.alias(WINDOW_START));
    if (mayNotContain) {
      f = f.filter(
        pl.col(WINDOW_START).plus(i64(spec.sizeMs)).gt(pl.col(spec.timeColumn)),
      );
    }
    return f;
  });
  return (frames.length === 1 ? frames[0] : pl.concat(frames)).collectSync();
}

function i64(value: number): pl.Expr {
  return pl.lit(value).cast(pl.Int64);
}
