/**
 * Partial aggregates as a compacted base frame plus the partial frames of
 * recent batches, compacted (merged by key) when the pending rows outgrow
 * the base: merging costs O(rows) amortised instead of O(state) per batch.
 *
 * @module
 */
import pl from "nodejs-polars";

/** How a partial column merges: counts and sums add, min/max keep. */
export type MergeKind = "sum" | "min" | "max";

/** State keyed by (window start?, keys, partition). */
export class PartialState {
  readonly #keys: string[];
  readonly #merges: pl.Expr[];
  readonly #windowColumn?: string;
  #base: pl.DataFrame;
  #pending: pl.DataFrame[] = [];
  #pendingRows = 0;
  #minWindowStart = Infinity;

  /**
   * @param keys State key columns.
   * @param merges Partial column names and how they merge.
   * @param empty An empty frame with the state schema.
   * @param windowColumn The window-start column, if windowed.
   */
  constructor(
    keys: readonly string[],
    merges: readonly (readonly [string, MergeKind])[],
    empty: pl.DataFrame,
    windowColumn?: string,
  ) {
    this.#keys = [...keys];
    this.#merges = merges.map(([name, how]) => pl.col(name)[how]().alias(name));
    this.#base = empty;
    this.#windowColumn = windowColumn;
  }

  /** Rows held (base and pending, not merged). */
  get rows(): number {
    return this.#base.height + this.#pendingRows;
  }

  /** Earliest window start held (`Infinity` when empty or not windowed). */
  get minWindowStart(): number {
    return this.#minWindowStart;
  }

  /** Adds a batch's partial aggregates. */
  add(partial: pl.DataFrame): void {
    if (partial.height === 0) return;
    this.#pending.push(partial);
    this.#pendingRows += partial.height;
    if (this.#windowColumn) {
      const min = Number(partial.getColumn(this.#windowColumn).min());
      this.#minWindowStart = Math.min(this.#minWindowStart, min);
    }
    if (this.#pendingRows >= Math.max(this.#base.height, 50_000)) {
      this.compact();
    }
  }

  /** Merges pending frames into the base; returns the base. */
  compact(): pl.DataFrame {
    if (this.#pending.length > 0) {
      this.#base = pl.concat([this.#base, ...this.#pending], {
        how: "vertical",
        rechunk: false,
      }).lazy().groupBy(this.#keys).agg(...this.#merges).collectSync();
      this.#pending = [];
      this.#pendingRows = 0;
    }
    return this.#base;
  }

  /** All rows (not merged), as a lazy frame. */
  all(): pl.LazyDataFrame {
    if (this.#pending.length === 0) return this.#base.lazy();
    return pl.concat([this.#base, ...this.#pending], {
      how: "vertical",
      rechunk: false,
    }).lazy();
  }

  /** Rows (not merged) whose group keys are in `keys`. */
  matching(keys: pl.DataFrame, on: readonly string[]): pl.LazyDataFrame {
    if (on.length === 0) return this.all();
    return this.all().join(keys.lazy(), { on: [...on], how: "semi" });
  }

  /**
   * Removes the rows matching `closed` and returns them (not merged: a
   * window's partials may sit in several frames). Frames are filtered one
   * by one; nothing is regrouped.
   *
   * @param closed A predicate over the state columns.
   * @returns The removed rows.
   */
  evict(closed: pl.Expr): pl.DataFrame {
    const frames = [this.#base, ...this.#pending];
    const removed: pl.DataFrame[] = [];
    const kept = frames.map((frame) => {
      const gone = frame.filter(closed);
      if (gone.height === 0) return frame;
      removed.push(gone);
      return frame.filter(closed.not());
    });
    if (removed.length === 0) return this.#base.head(0);
    const [base, ...pending] = kept;
    this.#base = base;
    this.#pending = pending.filter((f) => f.height > 0);
    this.#pendingRows = this.#pending.reduce((n, f) => n + f.height, 0);
    this.#minWindowStart = Infinity;
    if (this.#windowColumn) {
      for (const frame of [this.#base, ...this.#pending]) {
        if (frame.height === 0) continue;
        const min = Number(frame.getColumn(this.#windowColumn).min());
        this.#minWindowStart = Math.min(this.#minWindowStart, min);
      }
    }
    return removed.length === 1
      ? removed[0]
      : pl.concat(removed, { how: "vertical", rechunk: false });
  }

  /**
   * The state as frames (base first), for checkpoints: frames are
   * immutable, so an unchanged base is the same object batch after batch.
   */
  snapshot(): pl.DataFrame[] {
    return [this.#base, ...this.#pending];
  }

  /** Replaces the state with {@linkcode snapshot} frames. */
  restore(frames: readonly pl.DataFrame[]): void {
    const [base, ...pending] = frames;
    if (!base) return;
    this.#base = base;
    this.#pending = pending;
    this.#pendingRows = pending.reduce((n, f) => n + f.height, 0);
    this.#minWindowStart = Infinity;
    if (this.#windowColumn) {
      for (const frame of frames) {
        if (frame.height === 0) continue;
        const min = Number(frame.getColumn(this.#windowColumn).min());
        this.#minWindowStart = Math.min(this.#minWindowStart, min);
      }
    }
  }
}
