/**
 * Top-N and ranks per group with the project's fixed tie-breaking (DESIGN
 * §4.6): count descending, then the key columns ascending in the listed
 * order. polars compares strings by their UTF-8 bytes (= Unicode code
 * point order).
 *
 * @module
 */
import pl from "nodejs-polars";

/** Options of {@linkcode topN}. */
export interface TopNOptions {
  /** Columns whose distinct values each get their own ranking (may be empty). */
  partitionBy: readonly string[];
  /** The count column ranked by, descending. */
  count: string;
  /** Tie-breaking key columns, ascending in this order. */
  keys: readonly string[];
  /** Keep ranks 1..limit. Default: keep every row. */
  limit?: number;
}

/**
 * Ranks rows within each partition and keeps the top `limit`.
 *
 * @param df Aggregated rows (one per partition + keys).
 * @param options Partition, count, keys and limit.
 * @returns The rows sorted by partition (ascending) then rank, with a
 *   1-based `rank` column (Int64) appended.
 */
export function topN(df: pl.DataFrame, options: TopNOptions): pl.DataFrame {
  const { partitionBy, count, keys, limit } = options;
  // Categorical columns sort by code, not by text: compare as String.
  const text = [...partitionBy, ...keys].filter((name) =>
    df.getColumn(name).dtype.equals(pl.Categorical)
  );
  const input = text.length === 0
    ? df
    : df.withColumns(...text.map((name) => pl.col(name).cast(pl.String)));
  const sorted = input.sort({
    by: [...partitionBy, count, ...keys],
    descending: [
      ...partitionBy.map(() => false),
      true,
      ...keys.map(() => false),
    ],
    maintainOrder: true,
  });
  const rank = partitionBy.length === 0
    ? pl.col(count).cumCount()
    : pl.col(count).cumCount().over(partitionBy[0], ...partitionBy.slice(1));
  const ranked = sorted.withColumns(rank.cast(pl.Int64).alias("rank"));
  return limit === undefined
    ? ranked
    : ranked.filter(pl.col("rank").ltEq(limit));
}
