/**
 * Integer literals for polars expressions.
 *
 * A bare JS number becomes a Float64 literal, and polars divides by a float
 * scalar by multiplying with its reciprocal, so `col.div(1800000)` and
 * `col.modulo(1800000)` are off by one ulp for some epoch milliseconds
 * (e.g. 2025-03-01T00:30:00Z modulo 30 minutes gives 1.8e6). Every integer
 * arithmetic on times therefore uses Int64 literals.
 *
 * @module
 */
import pl from "nodejs-polars";

/**
 * An Int64 literal expression.
 *
 * @param value A safe integer.
 * @returns `pl.lit(value)` cast to Int64.
 */
export function int(value: number): pl.Expr {
  return pl.lit(value).cast(pl.Int64);
}
