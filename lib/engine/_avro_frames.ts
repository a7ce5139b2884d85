/**
 * Columnar decoding of Avro blocks: polars' native Avro reader turns a
 * group of container-file blocks straight into the columns the queries
 * read, so no record object or JS string is built per event.
 *
 * @module
 */
import type { Buffer } from "node:buffer";
import pl from "nodejs-polars";
import type { ColumnSpec } from "./columns.ts";
import { PARTITION_COLUMN } from "./_column_builder.ts";

/** Polars types of the source frames (strings stay strings until the batch). */
const TYPES: Record<ColumnSpec["type"], pl.DataType> = {
  string: pl.Utf8,
  int32: pl.Int32,
  int64: pl.Int64,
  float32: pl.Float32,
  float64: pl.Float64,
  boolean: pl.Bool,
};

function columnExpr(spec: ColumnSpec): pl.Expr {
  let expr = pl.col(spec.path[0]);
  for (const key of spec.path.slice(1)) expr = expr.struct.field(key);
  return expr.cast(TYPES[spec.type]).alias(spec.name);
}

/**
 * The partition column from a string column by a fixed mapping (values
 * not in it go to partition 0).
 *
 * @param spec The column the partition is derived from.
 * @param partitions Value → partition.
 * @returns An Int32 expression.
 */
export function partitionByValue(
  spec: ColumnSpec,
  partitions: ReadonlyMap<string, number>,
): pl.Expr {
  const value = columnExpr(spec);
  const entries = [...partitions];
  if (entries.length === 0) return pl.lit(0).cast(pl.Int32);
  const [[first, index], ...rest] = entries;
  let chain = pl.when(value.eq(pl.lit(first))).then(pl.lit(index));
  for (const [name, i] of rest) {
    chain = chain.when(value.eq(pl.lit(name))).then(pl.lit(i));
  }
  return chain.otherwise(pl.lit(0)).cast(pl.Int32);
}

/**
 * Decodes an in-memory container file into a DataFrame of `columns`
 * (strings as Utf8) and {@linkcode PARTITION_COLUMN}.
 *
 * @param container The file's bytes (e.g. from a `ContainerWriter`).
 * @param columns The columns to build.
 * @param partition The partition of each row (Int32).
 * @returns One row per record.
 */
export function avroBlocksFrame(
  container: Buffer,
  columns: readonly ColumnSpec[],
  partition: pl.Expr,
): pl.DataFrame {
  const fields = [...new Set(columns.map((c) => c.path[0]))];
  return pl.readAvro(container, { columns: fields })
    .select(...columns.map(columnExpr), partition.alias(PARTITION_COLUMN));
}
