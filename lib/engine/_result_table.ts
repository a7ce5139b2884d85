/**
 * A query's result table as its sinks see it: appended rows (append),
 * latest row per key (update) or the last full result (complete).
 *
 * @module
 */
import pl from "nodejs-polars";
import type { OutputMode } from "./sink.ts";

/** Maintains one query's result table. */
export class ResultTable {
  readonly #mode: OutputMode;
  readonly #keys: readonly string[];
  #chunks: pl.DataFrame[] = [];
  #table: pl.DataFrame;
  #sorted?: pl.DataFrame;

  /**
   * @param mode The query's output mode.
   * @param keys Columns identifying a row (sort order of `table()`).
   * @param empty An empty frame with the result schema.
   */
  constructor(mode: OutputMode, keys: readonly string[], empty: pl.DataFrame) {
    this.#mode = mode;
    this.#keys = keys;
    this.#table = empty;
  }

  /** Applies the rows a batch emitted. */
  apply(rows: pl.DataFrame): void {
    if (this.#mode === "complete") {
      this.#table = rows;
      this.#chunks = [];
      this.#sorted = undefined;
      return;
    }
    if (rows.height === 0) return;
    this.#sorted = undefined;
    if (this.#mode === "append") {
      this.#chunks.push(rows);
      if (this.#chunks.length >= 64) this.#compact();
      return;
    }
    const kept = this.#keys.length > 0 && this.#table.height > 0
      ? this.#table.join(rows.select(...this.#keys), {
        on: [...this.#keys],
        how: "anti",
      })
      : this.#table;
    this.#table = pl.concat([kept, rows], { how: "vertical", rechunk: false });
  }

  #compact(): void {
    if (this.#chunks.length === 0) return;
    this.#table = pl.concat([this.#table, ...this.#chunks], {
      how: "vertical",
      rechunk: true,
    });
    this.#chunks = [];
  }

  /** Number of rows. */
  get height(): number {
    return this.#table.height +
      this.#chunks.reduce((n, chunk) => n + chunk.height, 0);
  }

  /** The whole table, ordered by the key columns (cached until changed). */
  table(): pl.DataFrame {
    if (!this.#sorted) {
      this.#compact();
      this.#sorted = this.#keys.length > 0 && this.#mode !== "append"
        ? this.#table.sort([...this.#keys])
        : this.#table;
    }
    return this.#sorted;
  }

  /** Replaces the table (restoring a checkpoint). */
  restore(table: pl.DataFrame): void {
    this.#table = table;
    this.#chunks = [];
    this.#sorted = undefined;
  }
}
