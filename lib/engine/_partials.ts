/**
 * Partial aggregates: what each aggregation keeps in state, how partials
 * merge, and the final expression over merged partials.
 *
 * @module
 */
import pl from "nodejs-polars";
import type { Aggregation } from "./aggregations.ts";
import type { MergeKind } from "./_partial_state.ts";
import { isIntegerType } from "./_validate.ts";

/** One aggregation as partial columns. */
export interface Partial {
  /** Partial column names and their merge function. */
  columns: [string, MergeKind][];
  /** Batch expressions producing the partial columns. */
  batch: pl.Expr[];
  /** Final expression over merged partials. */
  final: pl.Expr;
}

/**
 * The partial columns of aggregation `index`.
 *
 * @param index Position of the aggregation.
 * @param name Its output name.
 * @param agg The aggregation.
 * @param inputType Its input's dtype (integer sums stay Int64).
 * @returns Partial columns, batch and final expressions.
 */
export function partialOf(
  index: number,
  name: string,
  agg: Aggregation,
  inputType: pl.DataType | undefined,
): Partial {
  const input = pl.col(`__in${index}`);
  const n = `__p${index}_n`, s = `__p${index}_s`, m = `__p${index}_m`;
  const wide = inputType && isIntegerType(inputType) ? pl.Int64 : pl.Float64;
  switch (agg.kind) {
    case "count":
      return {
        columns: [[n, "sum"]],
        batch: [
          (agg.input === undefined ? pl.len() : input.count()).cast(pl.Int64)
            .alias(n),
        ],
        final: pl.col(n).sum().alias(name),
      };
    case "sum":
      return {
        columns: [[s, "sum"]],
        batch: [input.cast(wide).sum().alias(s)],
        final: pl.col(s).sum().alias(name),
      };
    case "min":
    case "max":
      return {
        columns: [[m, agg.kind]],
        batch: [input[agg.kind]().alias(m)],
        final: pl.col(m)[agg.kind]().alias(name),
      };
    case "mean":
      return {
        columns: [[s, "sum"], [n, "sum"]],
        batch: [
          input.cast(pl.Float64).sum().alias(s),
          input.count().cast(pl.Int64).alias(n),
        ],
        final: pl.col(s).sum().div(pl.col(n).sum()).cast(pl.Float64).alias(
          name,
        ),
      };
  }
}
