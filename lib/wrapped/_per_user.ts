import pl from "nodejs-polars";
/**
 * Polars helpers shared by the Wrapped computations: the first rows per
 * listener in a given order, and grouping row objects by listener.
 *
 * @module
 */

/**
 * Numbers each listener's rows 1, 2, ... in the frame's order, in a
 * column `name`.
 *
 * @param lf Rows with a `user_id` column, each listener's rows together.
 * @param name The new column.
 * @returns The frame with the column.
 */
export function numberPerUser(
  lf: pl.LazyDataFrame,
  name: string,
): pl.LazyDataFrame {
  const row = pl.col("_row").cast(pl.Int64);
  return lf.withRowIndex("_row").withColumns(
    row.sub(row.min().over("user_id")).add(pl.lit(1)).alias(name),
  ).drop("_row");
}

/**
 * The first `k` rows of each listener ordered by `columns` (`descending`
 * per column), the listener's rows numbered 1.. in `_pos`.
 *
 * @param lf The rows (with a `user_id` column).
 * @param columns Sort columns after `user_id`.
 * @param descending One flag per column.
 * @param k How many rows per listener.
 * @returns The rows, by listener then order.
 */
export function firstPerUser(
  lf: pl.LazyDataFrame,
  columns: readonly string[],
  descending: readonly boolean[],
  k: number,
): pl.LazyDataFrame {
  return numberPerUser(
    lf.sort(["user_id", ...columns], [false, ...descending]),
    "_pos",
  ).filter(pl.col("_pos").ltEq(pl.lit(k)));
}

/**
 * Row objects grouped by `user_id`, in the frame's order.
 *
 * @param df A frame with a `user_id` column.
 * @returns The rows per listener.
 */
export function rowsByUser<T extends { user_id: number }>(
  df: pl.DataFrame,
): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const row of df.toRecords() as unknown as T[]) {
    const id = Number(row.user_id);
    let list = out.get(id);
    if (!list) out.set(id, list = []);
    list.push(row);
  }
  return out;
}

/** `YYYY-MM-DD` of a day number (days since 1970-01-01). */
export function isoDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
