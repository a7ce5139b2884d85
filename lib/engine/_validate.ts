/**
 * Definition-time checks of query steps against the columns known so far.
 *
 * @module
 */
import pl from "nodejs-polars";
import { referencedColumns } from "./_expr_columns.ts";
import { PARTITION_COLUMN } from "./_column_builder.ts";

/** Visible column names of a probe frame (without engine columns). */
export function visibleColumns(probe: pl.DataFrame): string[] {
  return probe.columns.filter((name) => !name.startsWith("__"));
}

/**
 * Throws when a name is not a column of `probe`.
 *
 * @param names Column names used by a step.
 * @param probe The empty frame with the current columns.
 * @param where Names the step in the message, e.g. `"groupBy()"`.
 * @throws {TypeError} `unknown column "contry" in groupBy(): columns are ...`
 */
export function requireColumns(
  names: Iterable<string>,
  probe: pl.DataFrame,
  where: string,
): void {
  const known = new Set(visibleColumns(probe));
  for (const name of names) {
    if (!known.has(name)) {
      throw new TypeError(
        `unknown column ${JSON.stringify(name)} in ${where}: columns are ` +
          [...known].join(", "),
      );
    }
  }
}

/**
 * Checks the columns an expression reads, then evaluates it on the empty
 * probe frame so that type errors surface at definition time.
 *
 * @param probe The empty frame with the current columns.
 * @param where Names the step in messages.
 * @param exprs The step's expressions.
 * @param apply Applies the step to a lazy frame.
 * @returns The probe after the step.
 * @throws {TypeError} For unknown columns or expressions polars rejects.
 */
export function probeStep(
  probe: pl.DataFrame,
  where: string,
  exprs: readonly pl.Expr[],
  apply: (lf: pl.LazyDataFrame) => pl.LazyDataFrame,
): pl.DataFrame {
  for (const expr of exprs) {
    if (typeof expr?.toJSON !== "function") {
      throw new TypeError(
        `${where} takes polars expressions (pl.col(...), pl.lit(...)): got ${
          JSON.stringify(expr)
        }`,
      );
    }
    const refs = referencedColumns(expr);
    if (refs !== "*") requireColumns(refs, probe, where);
  }
  try {
    return apply(probe.lazy()).collectSync();
  } catch (error) {
    throw new TypeError(
      `${where} is not valid for columns ${visibleColumns(probe).join(", ")}: ${
        (error as Error).message
      }`,
    );
  }
}

/**
 * Throws when a user-chosen output name is empty or reserved.
 *
 * @param name The name.
 * @param where Names the step in the message.
 * @throws {TypeError} For empty names or names starting with `__`.
 */
export function requireOutputName(name: string, where: string): void {
  if (typeof name !== "string" || name === "" || name.startsWith("__")) {
    throw new TypeError(
      `${where} needs a column name that is not empty and does not start ` +
        `with "__" (reserved for the engine): got ${JSON.stringify(name)}`,
    );
  }
}

/** True for the integer dtypes an event-time column may have. */
export function isEpochMsType(dtype: pl.DataType): boolean {
  return [pl.Int64, pl.Int32, pl.UInt32, pl.UInt64].some((t) =>
    dtype.equals(t)
  );
}

export { PARTITION_COLUMN };

/** True for integer dtypes. */
export function isIntegerType(dtype: pl.DataType): boolean {
  return [
    pl.Int8,
    pl.Int16,
    pl.Int32,
    pl.Int64,
    pl.UInt8,
    pl.UInt16,
    pl.UInt32,
    pl.UInt64,
  ].some((t) => dtype.equals(t));
}

/** True for integer and floating-point dtypes. */
export function isNumericType(dtype: pl.DataType): boolean {
  return isIntegerType(dtype) || dtype.equals(pl.Float32) ||
    dtype.equals(pl.Float64);
}

/** A dtype's short name for messages, e.g. `Categorical`. */
export function typeName(dtype: pl.DataType): string {
  return (dtype as { variant?: string }).variant ?? String(dtype);
}
