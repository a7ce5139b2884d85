/**
 * Builds one micro-batch's DataFrame from decoded records arriving in
 * small chunks: values go straight into typed arrays (strings as per-batch
 * dictionary codes), so the records themselves die young and never reach
 * the old generation of the JS heap. The columns cross into polars once,
 * as Arrow IPC.
 *
 * @module
 */
import pl from "nodejs-polars";
import * as arrow from "apache-arrow";
import type { ColumnSpec } from "./columns.ts";

/** The column holding each row's source partition (Int32). */
export const PARTITION_COLUMN = "__partition";

type Getter = (record: unknown) => unknown;

const MIXED = "a batch holds either records or a source's columns, not both";

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

type NumberArray = Int32Array | Float32Array | Float64Array;

interface Column {
  spec: ColumnSpec;
  get: Getter;
  numbers?: NumberArray;
  codes?: Int32Array;
  index?: Map<string, number>;
  values?: string[];
  booleans?: boolean[];
}

const POLARS_TYPES: Record<ColumnSpec["type"], pl.DataType> = {
  string: pl.Categorical,
  int32: pl.Int32,
  int64: pl.Int64,
  float32: pl.Float32,
  float64: pl.Float64,
  boolean: pl.Bool,
};

function numberArray(type: ColumnSpec["type"], n: number): NumberArray {
  // int64 travels as f64 (exact to 2^53), then is cast in polars
  return type === "int32"
    ? new Int32Array(n)
    : type === "float32"
    ? new Float32Array(n)
    : new Float64Array(n);
}

/** Accumulates one batch's columns. */
export class ColumnBuilder {
  readonly #specs: readonly ColumnSpec[];
  #columns: Column[] = [];
  #partitions: Int32Array;
  #rows = 0;
  #frames: pl.DataFrame[] = [];
  #frameRows = 0;

  /**
   * @param columns The columns to build.
   * @param capacity Expected rows (arrays grow past it when needed).
   */
  constructor(columns: readonly ColumnSpec[], capacity = 8192) {
    this.#specs = columns;
    this.#partitions = new Int32Array(capacity);
    this.#columns = columns.map((spec) => {
      const column: Column = { spec, get: getter(spec.path) };
      if (spec.type === "string") {
        column.codes = new Int32Array(capacity);
        column.index = new Map();
        column.values = [];
      } else if (spec.type === "boolean") {
        column.booleans = [];
      } else {
        column.numbers = numberArray(spec.type, capacity);
      }
      return column;
    });
  }

  /** Rows appended so far. */
  get rows(): number {
    return this.#rows + this.#frameRows;
  }

  #grow(need: number): void {
    const capacity = this.#partitions.length;
    if (need <= capacity) return;
    const next = Math.max(need, capacity * 2);
    const grow = <T extends NumberArray | Int32Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(next);
      b.set(a);
      return b;
    };
    this.#partitions = grow(this.#partitions);
    for (const c of this.#columns) {
      if (c.codes) c.codes = grow(c.codes);
      if (c.numbers) c.numbers = grow(c.numbers);
    }
  }

  /**
   * Appends decoded records.
   *
   * @param records The records.
   * @param partitions Each record's source partition.
   * @throws {TypeError} When a string column has no string value.
   */
  append(records: readonly unknown[], partitions: ArrayLike<number>): void {
    if (this.#frameRows > 0) throw new TypeError(MIXED);
    const n = records.length;
    const start = this.#rows;
    this.#grow(start + n);
    for (let i = 0; i < n; i++) this.#partitions[start + i] = partitions[i];
    for (const c of this.#columns) {
      const get = c.get;
      if (c.codes) {
        const { codes, index, values } = c as Required<Column>;
        for (let i = 0; i < n; i++) {
          const value = get(records[i]) as string;
          let code = index.get(value);
          if (code === undefined) {
            if (typeof value !== "string") {
              throw new TypeError(
                `record ${start + i} has no string at ${
                  c.spec.path.join(".")
                } (column ${c.spec.name}): got ${JSON.stringify(value)}`,
              );
            }
            code = values.length;
            values.push(value);
            index.set(value, code);
          }
          codes[start + i] = code;
        }
      } else if (c.numbers) {
        const numbers = c.numbers;
        for (let i = 0; i < n; i++) {
          numbers[start + i] = get(records[i]) as number;
        }
      } else {
        for (let i = 0; i < n; i++) c.booleans!.push(Boolean(get(records[i])));
      }
    }
    this.#rows += n;
  }

  /**
   * Appends rows a source decoded into columns itself (see
   * `SourceBatch.frame`): at least this builder's columns, strings as Utf8,
   * and {@linkcode PARTITION_COLUMN}.
   *
   * @param frame The rows.
   * @throws {TypeError} When records were appended to this batch.
   */
  appendFrame(frame: pl.DataFrame): void {
    if (this.#rows > 0) throw new TypeError(MIXED);
    this.#frames.push(frame);
    this.#frameRows += frame.height;
  }

  /**
   * The batch as a DataFrame: the columns (strings as Categorical, int64
   * as Int64) and {@linkcode PARTITION_COLUMN}.
   */
  finish(): pl.DataFrame {
    if (this.#frameRows > 0) {
      const frames = this.#frames;
      return (frames.length === 1 ? frames[0] : pl.concat(frames)).select(
        ...this.#specs.map((c) =>
          c.type === "string"
            ? pl.col(c.name).cast(pl.Categorical)
            : pl.col(c.name)
        ),
        pl.col(PARTITION_COLUMN),
      );
    }
    const n = this.#rows;
    if (n === 0) return emptyDataFrame(this.#specs);
    const vectors: Record<string, arrow.Vector> = {};
    let id = 0;
    for (const c of this.#columns) {
      if (c.codes) {
        const type = new arrow.Dictionary(
          new arrow.Utf8(),
          new arrow.Int32(),
          id++,
        );
        const dictionary = arrow.vectorFromArray(c.values!, new arrow.Utf8());
        vectors[c.spec.name] = arrow.makeVector(
          arrow.makeData({
            type,
            length: n,
            nullCount: 0,
            data: c.codes.subarray(0, n),
            dictionary,
          }),
        );
      } else if (c.numbers) {
        vectors[c.spec.name] = arrow.makeVector(c.numbers.subarray(0, n));
      } else {
        vectors[c.spec.name] = arrow.vectorFromArray(
          c.booleans!,
          new arrow.Bool(),
        );
      }
    }
    vectors[PARTITION_COLUMN] = arrow.makeVector(
      this.#partitions.subarray(0, n),
    );
    // The file format reads faster in polars than the stream format; wrap
    // the bytes without copying (Buffer.from(Uint8Array) copies slowly).
    const ipc = arrow.tableToIPC(new arrow.Table(vectors), "file");
    let df = pl.readIPC(
      Buffer.from(ipc.buffer, ipc.byteOffset, ipc.byteLength),
    );
    const int64 = this.#specs.filter((c) => c.type === "int64");
    if (int64.length > 0) {
      df = df.withColumns(
        ...int64.map((c) => pl.col(c.name).cast(pl.Int64)),
      );
    }
    return df;
  }
}

/**
 * Builds a batch's DataFrame from records in one go.
 *
 * @param records Decoded records.
 * @param partitions Each record's source partition.
 * @param columns The layout; only these columns are built.
 * @returns The DataFrame (see {@linkcode ColumnBuilder.finish}).
 */
export function recordsToDataFrame(
  records: readonly unknown[],
  partitions: ArrayLike<number>,
  columns: readonly ColumnSpec[],
): pl.DataFrame {
  const builder = new ColumnBuilder(columns, records.length);
  builder.append(records, partitions);
  return builder.finish();
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
