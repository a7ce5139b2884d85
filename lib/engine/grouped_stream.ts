/**
 * `groupBy()` and `agg()` of a stream frame: a grouped stream, then an
 * aggregated stream that `writeStream()` turns into a query.
 *
 * @module
 */
import pl from "nodejs-polars";
import type { Aggregation } from "./aggregations.ts";
import { type ReferencedColumns, referencedColumns } from "./_expr_columns.ts";
import {
  addUsed,
  type FrameState,
  requireMode,
  requireQueryName,
  requireSink,
  type WriteStreamOptions,
} from "./_frame_state.ts";
import {
  isNumericType,
  probeStep,
  requireOutputName,
  typeName,
} from "./_validate.ts";
import { StreamQuery } from "./stream_query.ts";
import { WINDOW_END, WINDOW_START, type WindowSpec } from "./window.ts";

/** A stream grouped by window and keys; call {@linkcode agg}. */
export class GroupedStream<C extends string = string> {
  readonly #state: FrameState;
  readonly #window?: WindowSpec;
  readonly #keys: readonly string[];

  /** Use `StreamFrame.groupBy()`. */
  constructor(
    state: FrameState,
    window: WindowSpec | undefined,
    keys: string[],
  ) {
    this.#state = state;
    this.#window = window;
    this.#keys = keys;
  }

  /**
   * Declares the aggregations, named by the object's keys.
   *
   * @param aggregations E.g. `{ plays: count(), seconds: sum("length_seconds") }`.
   * @returns An aggregated stream; call `writeStream()` next.
   * @throws {TypeError} For unknown input columns, non-numeric sums or
   *   means, or names that clash with key columns.
   */
  agg<A extends string>(
    aggregations: Record<A, Aggregation>,
  ): AggregatedStream<C, A> {
    const entries = Object.entries(aggregations) as [string, Aggregation][];
    if (entries.length === 0) {
      throw new TypeError("agg() needs at least one aggregation");
    }
    const taken = new Set<string>(this.#keys);
    if (this.#window) [WINDOW_START, WINDOW_END].forEach((n) => taken.add(n));
    let used: ReferencedColumns = new Set([
      ...this.#keys,
      ...(this.#window ? [this.#window.timeColumn] : []),
    ]);
    for (const [name, agg] of entries) {
      requireOutputName(name, "agg()");
      if (taken.has(name)) {
        throw new TypeError(
          `agg() output ${JSON.stringify(name)} clashes with a key column`,
        );
      }
      if (typeof agg?.kind !== "string") {
        throw new TypeError(
          `agg() takes count(), sum(), min(), max() or mean(): got ${
            JSON.stringify(agg)
          } for ${name}`,
        );
      }
      if (agg.input === undefined) continue;
      const expr = typeof agg.input === "string"
        ? pl.col(agg.input)
        : agg.input;
      const where = `agg() ${name}: ${agg.kind}()`;
      const probe = probeStep(
        this.#state.probe,
        where,
        [expr],
        (lf) => lf.select(expr.alias("__input")),
      );
      const dtype = probe.schema["__input"];
      if (
        (agg.kind === "sum" || agg.kind === "mean") && !isNumericType(dtype)
      ) {
        throw new TypeError(
          `${where} needs a numeric input: got ${typeName(dtype)}`,
        );
      }
      used = addUsed(used, referencedColumns(expr));
    }
    const mode: ReferencedColumns = addUsed(this.#state.used, used);
    return new AggregatedStream<C, A>(
      { ...this.#state, used: mode },
      this.#window,
      this.#keys,
      entries,
    );
  }
}

/** An aggregated stream; call {@linkcode writeStream}. */
export class AggregatedStream<
  C extends string = string,
  A extends string = string,
> {
  readonly #state: FrameState;
  readonly #window?: WindowSpec;
  readonly #keys: readonly string[];
  readonly #aggs: readonly (readonly [string, Aggregation])[];
  /** Phantom: the key and aggregate names. */
  declare readonly __columns?: C | A;

  /** Use `GroupedStream.agg()`. */
  constructor(
    state: FrameState,
    window: WindowSpec | undefined,
    keys: readonly string[],
    aggs: readonly (readonly [string, Aggregation])[],
  ) {
    this.#state = state;
    this.#window = window;
    this.#keys = keys;
    this.#aggs = aggs;
  }

  /** Result columns: window bounds, keys, then aggregates. */
  get resultColumns(): string[] {
    return [...this.#keyColumns(), ...this.#aggs.map(([name]) => name)];
  }

  #keyColumns(): string[] {
    return [
      ...(this.#window ? [WINDOW_START, WINDOW_END] : []),
      ...this.#keys,
    ];
  }

  /**
   * Turns the aggregation into a runnable query.
   *
   * @param name The query's name (an identifier; the memory sink's table).
   * @param options Sink and output mode (default `"update"`).
   * @returns The query.
   * @throws {TypeError} For an invalid name or sink, or append mode
   *   without a window and watermark.
   * @throws {RangeError} For an unknown output mode.
   */
  writeStream(name: string, options: WriteStreamOptions): StreamQuery {
    requireQueryName(name);
    requireSink(options?.sink);
    const { outputMode = "update" } = options;
    requireMode(outputMode);
    if (outputMode === "append" && (!this.#window || !this.#state.watermark)) {
      throw new TypeError(
        `outputMode "append" on an aggregation needs a window and ` +
          `withWatermark() on its time column (results are emitted when ` +
          `the watermark closes a window); use "update" or "complete"`,
      );
    }
    return new StreamQuery({
      name,
      source: this.#state.source,
      steps: this.#state.steps,
      watermark: this.#state.watermark,
      grouping: {
        window: this.#window,
        keys: this.#keys,
        aggregations: this.#aggs,
      },
      outputMode,
      sink: options.sink,
      sourceColumns: this.#state.used,
      resultColumns: this.resultColumns,
      keyColumns: this.#keyColumns(),
    });
  }
}
