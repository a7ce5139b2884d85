/**
 * Decoded records -> one polars DataFrame, through Arrow IPC: numbers go
 * in typed arrays, strings as per-batch dictionaries (codes + unique
 * values), so no string crosses into polars more than once per batch.
 *
 * @module
 */
import pl from "nodejs-polars";
import * as arrow from "apache-arrow";
import type { ColumnSpec } from "./columns.ts";

/** The column holding each row's source partition (Int32). */
export const PARTITION_COLUMN = "__partition";

type Getter = (record: unknown) => unknown;

function getter(path: readonly string[]): Getter {
  // deno-lint-ignore no-explicit-any
  type Rec = any;
  if (path.length === 1) {
    const [a] = path;
    return (r: Rec) => r[a];
  }
  if (path.length === 2) {
    const [a, b] = path;
    return (r: Rec) => r[a]?.[b];
  }
  return (r: Rec) => path.reduce((node, key) => node?.[key], r);
}

const GETTERS = new WeakMap<ColumnSpec, Getter>();

function getterOf(spec: ColumnSpec): Getter {
  let get = GETTERS.get(spec);
  if (!get) GETTERS.set(spec, get = getter(spec.path));
  return get;
}

function stringVector(
  records: readonly unknown[],
  spec: ColumnSpec,
  id: number,
): arrow.Vector {
  const get = getterOf(spec);
  const n = records.length;
  const codes = new Int32Array(n);
  const index = new Map<string, number>();
  const values: string[] = [];
  for (let i = 0; i < n; i++) {
    const value = get(records[i]) as string;
    let code = index.get(value);
    if (code === undefined) {
      if (typeof value !== "string") {
        throw new TypeError(
          `record ${i} has no string at ${spec.path.join(".")} (column ` +
            `${spec.name}): got ${JSON.stringify(value)}`,
        );
      }
      code = values.length;
      values.push(value);
      index.set(value, code);
    }
    codes[i] = code;
  }
  const type = new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32(), id);
  const dictionary = arrow.vectorFromArray(values, new arrow.Utf8());
  return arrow.makeVector(
    arrow.makeData({ type, length: n, nullCount: 0, data: codes, dictionary }),
  );
}

function numberVector(
  records: readonly unknown[],
  spec: ColumnSpec,
): arrow.Vector {
  const get = getterOf(spec);
  const n = records.length;
  const array = spec.type === "int32"
    ? new Int32Array(n)
    : spec.type === "float32"
    ? new Float32Array(n)
    : new Float64Array(n); // int64 travels as f64 (exact to 2^53) then cast
  for (let i = 0; i < n; i++) array[i] = get(records[i]) as number;
  return arrow.makeVector(array);
}

/**
 * Builds the DataFrame of one micro-batch.
 *
 * @param records Decoded records.
 * @param partitions Each record's source partition.
 * @param columns The layout; only these columns are built.
 * @returns A DataFrame with the columns (strings as Categorical, int64 as
 *   Int64) and {@linkcode PARTITION_COLUMN}.
 */
export function recordsToDataFrame(
  records: readonly unknown[],
  partitions: ArrayLike<number>,
  columns: readonly ColumnSpec[],
): pl.DataFrame {
  if (records.length === 0) return emptyDataFrame(columns);
  const vectors: Record<string, arrow.Vector> = {};
  let id = 0;
  for (const spec of columns) {
    if (spec.type === "string") {
      vectors[spec.name] = stringVector(records, spec, id++);
    } else if (spec.type === "boolean") {
      const get = getterOf(spec);
      vectors[spec.name] = arrow.vectorFromArray(
        records.map((r) => Boolean(get(r))),
        new arrow.Bool(),
      );
    } else {
      vectors[spec.name] = numberVector(records, spec);
    }
  }
  vectors[PARTITION_COLUMN] = arrow.makeVector(Int32Array.from(partitions));
  // The file format reads faster in polars than the stream format; wrap
  // the bytes without copying (Buffer.from(Uint8Array) copies slowly).
  const ipc = arrow.tableToIPC(new arrow.Table(vectors), "file");
  let df = pl.readIPC(Buffer.from(ipc.buffer, ipc.byteOffset, ipc.byteLength));
  const int64 = columns.filter((c) => c.type === "int64").map((c) => c.name);
  if (int64.length > 0) {
    df = df.withColumns(...int64.map((name) => pl.col(name).cast(pl.Int64)));
  }
  return df;
}

/**
 * An empty DataFrame with the layout's schema (plus the partition column),
 * used to validate query definitions before any data arrives.
 *
 * @param columns The layout.
 * @returns A zero-row DataFrame.
 */
export function emptyDataFrame(columns: readonly ColumnSpec[]): pl.DataFrame {
  return pl.DataFrame([
    ...columns.map((spec) => pl.Series(spec.name, [], POLARS_TYPES[spec.type])),
    pl.Series(PARTITION_COLUMN, [], pl.Int32),
  ]);
}

const POLARS_TYPES: Record<ColumnSpec["type"], pl.DataType> = {
  string: pl.Categorical,
  int32: pl.Int32,
  int64: pl.Int64,
  float32: pl.Float32,
  float64: pl.Float64,
  boolean: pl.Bool,
};
