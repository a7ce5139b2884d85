/**
 * A query's result table as its sinks see it: appended rows (append),
 * latest row per key (update) or the current full result (complete).
 * Updates are folded in lazily, when the table is read.
 *
 * @module
 */
import pl from "nodejs-polars";
import type { OutputMode } from "./sink.ts";

/** Maintains one query's result table. */
export class ResultTable {
  readonly #mode: OutputMode;
  readonly #keys: readonly string[];
  #base: pl.DataFrame;
  #pending: pl.DataFrame[] = [];
  #pendingRows = 0;
  #complete?: () => pl.DataFrame;
  #cache?: pl.DataFrame;
  /** Whether `#base` is ordered by the keys (append tables always are). */
  #sorted = true;

  /**
   * @param mode The query's output mode.
   * @param keys Columns identifying a row (the order of `table()`).
   * @param empty An empty frame with the result schema.
   */
  constructor(
    mode: OutputMode,
    keys: readonly string[],
    empty: pl.DataFrame,
    kept = true,
  ) {
    this.#mode = mode;
    this.#keys = keys;
    this.#base = empty;
    this.#kept = kept;
  }

  readonly #kept: boolean;

  /** An empty frame with the result schema. */
  get empty(): pl.DataFrame {
    return this.#base.head(0);
  }

  /** Applies rows a batch emitted (append, update). */
  apply(rows: pl.DataFrame): void {
    if (rows.height === 0 || !this.#kept) return;
    this.#cache = undefined;
    this.#pending.push(rows);
    this.#pendingRows += rows.height;
    // Fold now and then so that pending rows stay within a multiple of
    // the table; otherwise when the table is read.
    if (
      this.#pending.length >= 64 ||
      (this.#mode === "update" &&
        this.#pendingRows > 2 * this.#base.height + 50_000)
    ) this.#fold(false);
  }

  /** Sets how to compute the full result (complete mode). */
  setComplete(compute: () => pl.DataFrame): void {
    this.#complete = compute;
    this.#cache = undefined;
  }

  #fold(sort: boolean): void {
    if (this.#pending.length > 0) {
      let table = pl.concat([this.#base, ...this.#pending], {
        how: "vertical",
        rechunk: true,
      });
      if (this.#mode === "update" && this.#keys.length > 0) {
        table = table.unique({
          subset: [...this.#keys],
          keep: "last",
          maintainOrder: false,
        });
        this.#sorted = false;
      }
      this.#base = table;
      this.#pending = [];
      this.#pendingRows = 0;
    }
    if (sort && !this.#sorted && this.#keys.length > 0) {
      this.#base = this.#base.sort([...this.#keys]);
      this.#sorted = true;
    }
  }

  /** The whole table, ordered by the key columns. */
  table(): pl.DataFrame {
    if (!this.#kept && !this.#complete) {
      throw new TypeError(
        "this query keeps no result table: its sink says usesTable: false",
      );
    }
    if (this.#complete) {
      this.#cache ??= this.#complete();
      return this.#cache;
    }
    this.#fold(this.#mode === "update");
    return this.#base;
  }

  /**
   * What a sink receives when it opens: the table as restored from a
   * checkpoint (empty without one). A complete table derives from the
   * restored state, so it is given even to a sink that keeps no table (it
   * may never get a batch: a finished stream runs none); an append or
   * update table not kept is empty.
   */
  opening(): pl.DataFrame {
    return this.#kept || this.#complete ? this.table() : this.empty;
  }

  /** The table as frames, for checkpoints (none in complete mode). */
  snapshot(): pl.DataFrame[] | undefined {
    if (this.#mode === "complete" || !this.#kept) return undefined;
    return [this.#base, ...this.#pending];
  }

  /** Restores {@linkcode snapshot} frames. */
  restore(frames: readonly pl.DataFrame[]): void {
    const [base, ...pending] = frames;
    if (!base) return;
    this.#base = base;
    this.#pending = pending;
    this.#pendingRows = pending.reduce((n, f) => n + f.height, 0);
    this.#cache = undefined;
    this.#sorted = this.#mode !== "update";
  }
}
