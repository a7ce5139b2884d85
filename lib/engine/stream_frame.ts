/**
 * The declarative streaming API, in the spirit of Spark's: a
 * {@linkcode StreamFrame} is an unbounded table of a source's rows; steps
 * (`withColumn`, `filter`, `select`, `withWatermark`, `groupBy().agg()`)
 * are checked against the columns when they are written, and
 * `writeStream()` turns the result into a runnable {@linkcode StreamQuery}.
 *
 * @module
 */
import type pl from "nodejs-polars";
import { type Duration, durationMs } from "../support/mod.ts";
import type { ReferencedColumns } from "./_expr_columns.ts";
import { referencedColumns } from "./_expr_columns.ts";
import {
  addUsed,
  type FrameState,
  requireMode,
  requireQueryName,
  requireSink,
  type WriteStreamOptions,
} from "./_frame_state.ts";
import { GroupedStream } from "./grouped_stream.ts";
import { emptyDataFrame, PARTITION_COLUMN } from "./_column_builder.ts";
import {
  isEpochMsType,
  probeStep,
  requireColumns,
  requireOutputName,
  typeName,
  visibleColumns,
} from "./_validate.ts";
import type { Source } from "./source.ts";
import {
  type FrameTransform,
  type QueryStep,
  StreamQuery,
} from "./stream_query.ts";
import {
  isWindowSpec,
  WINDOW_END,
  WINDOW_START,
  type WindowSpec,
} from "./window.ts";

/** Options of {@linkcode StreamFrame.transform}. */
export interface TransformOptions {
  /**
   * Identifies the function in the query's fingerprint, so that a
   * checkpoint written with another function (or other settings captured
   * by it, e.g. a time zone) is refused. Default: the function's source
   * text.
   */
  name?: string;
  /**
   * The source columns the function reads (the engine decodes only the
   * columns some step reads). Default: all of them.
   */
  reads?: readonly string[];
}

/** Options of {@linkcode StreamFrame.withWatermark}. */
export interface WatermarkOptions {
  /**
   * A source partition that has sent no rows for this long (processing
   * time) stops holding the watermark back. Default 60,000 ms.
   */
  idleTimeoutMs?: number;
}

/**
 * An unbounded table of a source's rows with the steps applied so far.
 * Immutable: every method returns a new frame. `C` is the union of its
 * column names.
 */
export class StreamFrame<C extends string = string> {
  readonly #state: FrameState;

  /** Use {@linkcode readStream}. */
  constructor(state: FrameState) {
    this.#state = state;
  }

  /** The source the rows come from. */
  get source(): Source {
    return this.#state.source;
  }

  /** Column names, in order. */
  get columns(): C[] {
    return visibleColumns(this.#state.probe) as C[];
  }

  /** Column types, as polars reports them. */
  get schema(): Record<C, pl.DataType> {
    const schema = this.#state.probe.schema as Record<string, pl.DataType>;
    return Object.fromEntries(
      this.columns.map((name) => [name, schema[name]]),
    ) as Record<C, pl.DataType>;
  }

  #with<T extends string>(
    step: QueryStep,
    probe: pl.DataFrame,
    used: ReferencedColumns | string[],
  ): StreamFrame<T> {
    return new StreamFrame<T>({
      ...this.#state,
      steps: [...this.#state.steps, step],
      probe,
      used: addUsed(this.#state.used, used),
    });
  }

  /**
   * Adds or replaces a column computed by a polars expression.
   *
   * @param name The column's name.
   * @param expr The expression, e.g. `pl.col("end_time").minus(pl.col("start_time"))`.
   * @returns A new frame.
   * @throws {TypeError} For unknown columns or an invalid expression.
   */
  withColumn<N extends string>(name: N, expr: pl.Expr): StreamFrame<C | N> {
    return this.withColumns({ [name]: expr } as Record<N, pl.Expr>);
  }

  /**
   * Adds or replaces several columns at once (all read the columns as they
   * were before this step).
   *
   * @param columns Names and expressions.
   * @returns A new frame.
   * @throws {TypeError} For unknown columns or invalid expressions.
   */
  withColumns<N extends string>(
    columns: Record<N, pl.Expr>,
  ): StreamFrame<C | N> {
    const entries = Object.entries(columns) as [string, pl.Expr][];
    entries.forEach(([name]) => requireOutputName(name, "withColumns()"));
    const where = `withColumns(${entries.map(([n]) => n).join(", ")})`;
    const exprs = entries.map(([name, expr]) => {
      if (typeof expr?.alias !== "function") {
        throw new TypeError(
          `${where} takes polars expressions: got ${JSON.stringify(expr)} ` +
            `for ${name}`,
        );
      }
      return expr.alias(name);
    });
    const probe = probeStep(
      this.#state.probe,
      where,
      exprs,
      (lf) => lf.withColumns(...exprs),
    );
    const used = exprs.reduce<ReferencedColumns>(
      (acc, e) => addUsed(acc, referencedColumns(e)),
      new Set(),
    );
    return this.#with({ op: "withColumns", exprs }, probe, used);
  }

  /**
   * Applies a function to each micro-batch's DataFrame: for what one
   * expression cannot say (a join with a lookup table, a per-batch
   * memo). Each batch runs it once, however many queries share this
   * frame. It must keep the rows' engine columns (names starting with
   * `__`), and be deterministic: a restarted query reruns it.
   *
   * @param fn DataFrame in, DataFrame out (same columns plus or minus some).
   * @param options Its name in the fingerprint; the source columns it reads.
   * @returns A new frame with the columns `fn` returns for an empty batch.
   * @throws {TypeError} When `fn` is not a function, fails on an empty
   *   batch, returns no DataFrame, or drops the engine columns.
   *
   * @example Time of day from a lookup joined on each batch
   * ```ts
   * readStream(source).transform((df) => withTimeOfDay(df), {
   *   name: "time_of_day:local",
   *   reads: ["start_time", "timezone"],
   * });
   * ```
   */
  transform<N extends string = C>(
    fn: FrameTransform,
    options: TransformOptions = {},
  ): StreamFrame<N> {
    if (typeof fn !== "function") {
      throw new TypeError(
        `transform() takes a function of a DataFrame: got ${
          JSON.stringify(fn)
        }`,
      );
    }
    const { name = fn.toString(), reads } = options;
    if (reads !== undefined) {
      requireColumns(reads, this.#state.probe, "transform()");
    }
    let probe: pl.DataFrame;
    try {
      probe = fn(this.#state.probe);
    } catch (error) {
      throw new TypeError(
        `transform() fails on an empty batch of columns ${
          visibleColumns(this.#state.probe).join(", ")
        }: ${(error as Error).message}`,
        { cause: error },
      );
    }
    if (!Array.isArray(probe?.columns)) {
      throw new TypeError(
        `transform() must return a DataFrame: got ${JSON.stringify(probe)}`,
      );
    }
    if (!probe.columns.includes(PARTITION_COLUMN)) {
      throw new TypeError(
        `transform() must keep the engine column ${PARTITION_COLUMN}: got ` +
          probe.columns.join(", "),
      );
    }
    return this.#with(
      { op: "transform", fn, name },
      probe,
      reads === undefined ? "*" : [...reads],
    );
  }

  /**
   * Keeps the rows for which a boolean expression is true.
   *
   * @param predicate E.g. `pl.col("interaction").eq(pl.lit("played"))`.
   * @returns A new frame.
   * @throws {TypeError} For unknown columns or an invalid expression.
   */
  filter(predicate: pl.Expr): StreamFrame<C> {
    const probe = probeStep(
      this.#state.probe,
      "filter()",
      [predicate],
      (lf) => lf.filter(predicate),
    );
    return this.#with(
      { op: "filter", exprs: [predicate] },
      probe,
      referencedColumns(predicate),
    );
  }

  /**
   * Keeps only the named columns, in this order.
   *
   * @param columns Column names.
   * @returns A new frame.
   * @throws {TypeError} For unknown columns, or one that leaves out the
   *   watermark's column.
   */
  select<K extends C>(...columns: K[]): StreamFrame<K> {
    requireColumns(columns, this.#state.probe, "select()");
    const wm = this.#state.watermark;
    if (wm && !(columns as string[]).includes(wm.column)) {
      throw new TypeError(
        `select() must keep ${wm.column}, the watermark's column (the ` +
          `watermark is computed from it): got ${columns.join(", ")}`,
      );
    }
    const keep = [...columns, PARTITION_COLUMN];
    const probe = this.#state.probe.select(...keep);
    return this.#with({ op: "select", columns }, probe, columns);
  }

  /**
   * Declares the event-time watermark: per source partition, the latest
   * event time seen minus `delay`; the query's watermark is the minimum
   * over partitions that sent rows within `idleTimeoutMs`. Windows that
   * end at or before it are closed (emitted in append mode, then evicted);
   * lateness is decided per window: a row is dropped, and counted as late,
   * only from the windows it falls in that are closed, and still counts in
   * the open ones. Queries without a window drop nothing.
   *
   * @param column The event-time column (integer epoch milliseconds).
   * @param delay How late rows may arrive, e.g. `"1 hour"`.
   * @param options Idle-partition timeout.
   * @returns A new frame.
   * @throws {TypeError} For an unknown or non-integer column.
   * @throws {RangeError} For an invalid delay, e.g. `"6 hourz"`.
   */
  withWatermark(
    column: C,
    delay: Duration,
    options: WatermarkOptions = {},
  ): StreamFrame<C> {
    requireColumns([column], this.#state.probe, "withWatermark()");
    const dtype = this.#state.probe.schema[column];
    if (!isEpochMsType(dtype)) {
      throw new TypeError(
        `withWatermark() needs an integer epoch-milliseconds column: ` +
          `${column} is ${typeName(dtype)}`,
      );
    }
    const delayMs = durationMs(delay, "watermark delay");
    const { idleTimeoutMs = 60_000 } = options;
    if (!Number.isFinite(idleTimeoutMs) || idleTimeoutMs <= 0) {
      throw new RangeError(
        `idleTimeoutMs must be a positive number: got ${idleTimeoutMs}`,
      );
    }
    return new StreamFrame<C>({
      ...this.#state,
      watermark: { column, delayMs, idleTimeoutMs },
      used: addUsed(this.#state.used, [column]),
    });
  }

  /**
   * Groups rows by an optional event-time window and key columns.
   *
   * @param keys At most one {@linkcode window} and any key columns.
   * @returns A grouped stream; call `agg()` next.
   * @throws {TypeError} For unknown columns, two windows, or a window on
   *   a column other than the watermark's.
   */
  groupBy(...keys: (C | WindowSpec<C>)[]): GroupedStream<C> {
    const windows = keys.filter(isWindowSpec) as WindowSpec[];
    const names = keys.filter((k) => !isWindowSpec(k)) as string[];
    if (windows.length > 1) {
      throw new TypeError(
        `groupBy() takes at most one window: got ${windows.length}`,
      );
    }
    for (const name of names) {
      if (typeof name !== "string") {
        throw new TypeError(
          `groupBy() takes column names and window(): got ${
            JSON.stringify(name)
          }`,
        );
      }
    }
    requireColumns(names, this.#state.probe, "groupBy()");
    if (new Set(names).size !== names.length) {
      throw new TypeError(
        `groupBy() names a column twice: ${names.join(", ")}`,
      );
    }
    const [win] = windows;
    if (win) {
      requireColumns([win.timeColumn], this.#state.probe, "window()");
      const dtype = this.#state.probe.schema[win.timeColumn];
      if (!isEpochMsType(dtype)) {
        throw new TypeError(
          `window() needs an integer epoch-milliseconds column: ` +
            `${win.timeColumn} is ${typeName(dtype)}`,
        );
      }
      const wm = this.#state.watermark;
      if (wm && wm.column !== win.timeColumn) {
        throw new TypeError(
          `window() is on ${win.timeColumn} but the watermark is on ` +
            `${wm.column}: they must be the same column`,
        );
      }
      for (const reserved of [WINDOW_START, WINDOW_END]) {
        if (names.includes(reserved)) {
          throw new TypeError(
            `groupBy() with a window cannot also group by ${reserved}`,
          );
        }
      }
    }
    return new GroupedStream<C>(this.#state, win, names);
  }

  /**
   * Turns this frame (no aggregation) into a query that appends every row
   * to the sink.
   *
   * @param name The query's name (an identifier).
   * @param options The sink; output mode must be `"append"`.
   * @returns The query.
   * @throws {TypeError} For an invalid name or sink.
   * @throws {RangeError} For another output mode.
   */
  writeStream(name: string, options: WriteStreamOptions): StreamQuery {
    requireQueryName(name);
    requireSink(options?.sink);
    const { outputMode = "append" } = options;
    requireMode(outputMode);
    if (outputMode !== "append") {
      throw new RangeError(
        `a query without aggregation supports only outputMode "append": ` +
          `got ${JSON.stringify(outputMode)}`,
      );
    }
    return new StreamQuery({
      name,
      source: this.#state.source,
      steps: this.#state.steps,
      watermark: this.#state.watermark,
      outputMode,
      sink: options.sink,
      sourceColumns: this.#state.steps.some((s) => s.op === "select")
        ? this.#state.used
        : "*",
      resultColumns: this.columns,
      keyColumns: [],
    });
  }
}

/**
 * Starts a query definition on a source: the frame's columns are the
 * source's columns (for listening records: `start_time`, `country`,
 * `song_name`, ... — see `LISTENING_COLUMNS`).
 *
 * @param source The source; several queries on one source share its
 *   batches and one decode per batch.
 * @returns A frame of the source's rows.
 *
 * @example Plays per song in 6-hour windows
 * ```ts
 * const plays = readStream(source)
 *   .filter(pl.col("interaction").eq(pl.lit("played")))
 *   .withWatermark("start_time", "1 hour")
 *   .groupBy(window("start_time", "6 hours"), "song_name", "artist")
 *   .agg({ plays: count() })
 *   .writeStream("plays", { outputMode: "append", sink: memorySink() });
 * ```
 */
export function readStream<C extends string = string>(
  source: Source,
): StreamFrame<C> {
  if (!Array.isArray(source?.columns) || typeof source.poll !== "function") {
    throw new TypeError(
      `readStream() needs a source (memorySource(), avroFileSource(), ` +
        `kafkaSource()): got ${JSON.stringify(source)}`,
    );
  }
  return new StreamFrame<C>({
    source,
    steps: [],
    probe: emptyDataFrame(source.columns),
    used: new Set(),
  });
}
