/**
 * Aggregations of a streaming `groupBy`: count, sum, min, max, mean. Each
 * is kept in state as mergeable partial aggregates (mean as sum + count).
 *
 * @module
 */
import type pl from "nodejs-polars";

/** The aggregation functions. */
export type AggregationKind = "count" | "sum" | "min" | "max" | "mean";

/** One aggregation, made by {@linkcode count}, {@linkcode sum}, ... */
export interface Aggregation {
  /** What is computed. */
  readonly kind: AggregationKind;
  /**
   * The input: a column name or a polars expression; absent for
   * `count()` of rows.
   */
  readonly input?: string | pl.Expr;
}

function make(kind: AggregationKind, input?: string | pl.Expr): Aggregation {
  if (kind !== "count" && input === undefined) {
    throw new TypeError(`${kind}() needs a column name or an expression`);
  }
  if (
    input !== undefined && typeof input !== "string" &&
    typeof (input as pl.Expr)?.toJSON !== "function"
  ) {
    throw new TypeError(
      `${kind}() takes a column name or a polars expression: got ${
        JSON.stringify(input)
      }`,
    );
  }
  return Object.freeze({ kind, input });
}

/**
 * Counts rows, or the non-null values of a column.
 *
 * @param input Optional column or expression whose non-null values count.
 * @returns The aggregation (an Int64 column in results).
 * @example `.agg({ plays: count() })`
 */
export function count(input?: string | pl.Expr): Aggregation {
  return make("count", input);
}

/**
 * Sums a column or expression (nulls ignored).
 *
 * @param input Column name or expression.
 * @returns The aggregation.
 * @example `.agg({ seconds: sum("length_seconds") })`
 */
export function sum(input: string | pl.Expr): Aggregation {
  return make("sum", input);
}

/**
 * Smallest value of a column or expression.
 *
 * @param input Column name or expression.
 * @returns The aggregation.
 */
export function min(input: string | pl.Expr): Aggregation {
  return make("min", input);
}

/**
 * Largest value of a column or expression.
 *
 * @param input Column name or expression.
 * @returns The aggregation.
 */
export function max(input: string | pl.Expr): Aggregation {
  return make("max", input);
}

/**
 * Arithmetic mean of a column or expression (nulls ignored), kept in
 * state as sum and count; a Float64 column in results.
 *
 * @param input Column name or expression.
 * @returns The aggregation.
 * @example `.agg({ avg_seconds: mean("length_seconds") })`
 */
export function mean(input: string | pl.Expr): Aggregation {
  return make("mean", input);
}
