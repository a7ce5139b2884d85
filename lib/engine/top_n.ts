/**
 * Top-N rows per group, derived from a result table when it is read
 * (DESIGN §4.6): order by a count descending, then by tie-break columns
 * ascending; `rank` is the 1-based position within the group.
 *
 * @module
 */
import pl from "nodejs-polars";

/** Categorical columns sort by code, not by text: compare them as String. */
function asText(df: pl.DataFrame, names: readonly string[]): pl.DataFrame {
  const casts = names.filter((name) =>
    df.getColumn(name).dtype.equals(pl.Categorical)
  ).map((name) => pl.col(name).cast(pl.String));
  return casts.length === 0 ? df : df.withColumns(...casts);
}

/** Options of {@linkcode topN}. */
export interface TopNOptions {
  /** Group columns; the top rows are chosen within each group. Default none (one group). */
  by?: readonly string[];
  /** The column ranked, descending (e.g. `"plays"`). */
  orderBy: string;
  /** Rows kept per group. */
  n: number;
  /**
   * Columns that break ties, ascending (plain string comparison), in this
   * order. Default: the remaining columns, in table order.
   */
  tieBreak?: readonly string[];
  /** Name of the rank column; `null` for none. Default `"rank"`. */
  rankColumn?: string | null;
}

/**
 * Keeps the top `n` rows of each group and adds their rank.
 *
 * @param df A result table.
 * @param options Groups, ranked column, n, tie-break.
 * @returns Rows ordered by the group columns, then rank (Categorical
 *   group and tie-break columns come back as String).
 * @throws {TypeError} For unknown columns.
 * @throws {RangeError} For `n` that is not a positive integer.
 *
 * @example Top 10 countries per personality
 * ```ts
 * topN(table, { by: ["personality"], orderBy: "events", n: 10, tieBreak: ["country"] });
 * ```
 */
export function topN(df: pl.DataFrame, options: TopNOptions): pl.DataFrame {
  const { by = [], orderBy, n, rankColumn = "rank" } = options;
  if (!Number.isInteger(n) || n <= 0) {
    throw new RangeError(`topN() n must be a positive integer: got ${n}`);
  }
  const columns = df.columns;
  for (const name of [...by, orderBy, ...(options.tieBreak ?? [])]) {
    if (!columns.includes(name)) {
      throw new TypeError(
        `topN() unknown column ${JSON.stringify(name)}: columns are ${
          columns.join(", ")
        }`,
      );
    }
  }
  const tieBreak = options.tieBreak ??
    columns.filter((c) => !by.includes(c) && c !== orderBy);
  const sortBy = [...by, orderBy, ...tieBreak];
  const descending = sortBy.map((c) => c === orderBy);
  const sorted = asText(df, [...by, ...tieBreak]).sort(sortBy, descending);
  const index = pl.intRange(0, pl.len());
  const position = (by.length > 0 ? index.over(by[0], ...by.slice(1)) : index)
    .plus(1);
  const ranked = sorted.withColumns(position.cast(pl.Int64).alias("__rank"));
  let out = ranked.filter(pl.col("__rank").ltEq(n));
  out = rankColumn === null
    ? out.drop("__rank")
    : out.rename({ __rank: rankColumn });
  return out;
}
