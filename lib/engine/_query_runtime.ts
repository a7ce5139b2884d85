/**
 * Runs one query batch by batch: row steps, window assignment, the
 * per-window late filter (a (row, window) pair is dropped and counted when
 * its window ended at or before the watermark), partial aggregates merged
 * into state keyed by (window, keys, source partition), eviction behind
 * the watermark, and the rows each output mode emits.
 *
 * @module
 */
import pl from "nodejs-polars";
import { emptyDataFrame, PARTITION_COLUMN } from "./_column_builder.ts";
import { type MergeKind, PartialState } from "./_partial_state.ts";
import { type Partial, partialOf } from "./_partials.ts";
import { ResultTable } from "./_result_table.ts";
import type { QueryPlan, QueryStep } from "./stream_query.ts";
import {
  WINDOW_END,
  WINDOW_START,
  type WindowSpec,
  windowStarts,
} from "./window.ts";
import {
  type WatermarkSnapshot,
  WatermarkTracker,
} from "./_watermark_tracker.ts";

/** What one batch did for one query. */
export interface QueryBatchOutcome {
  /** Rows the sink receives (computed on first read). */
  rows: () => pl.DataFrame;
  /** Number of rows emitted, when known without computing them. */
  outputRows: number | null;
  /** Rows that reached the query after its steps (before the late filter). */
  inputRows: number;
  /**
   * Late (row, window) pairs dropped in this batch: pairs whose window
   * ended at or before the watermark (0 for queries without a window).
   */
  lateRows: number;
}

/** A query's recoverable state, for checkpoints. */
export interface QuerySnapshot {
  /** Partial-aggregate frames (absent for stateless queries). */
  state?: pl.DataFrame[];
  /** Result-table frames (absent in complete mode: derived from state). */
  table?: pl.DataFrame[];
  /** The watermark tracker. */
  watermark?: WatermarkSnapshot;
  /** Late (row, window) pairs dropped since the query started. */
  lateRowsTotal: number;
}

const TMAX = "__tmax";
const PAIRS = "__pairs";

/** A window's end (Int64 epoch ms) from its start column. */
function windowEnd(spec: WindowSpec): pl.Expr {
  return pl.col(WINDOW_START).plus(pl.lit(spec.sizeMs).cast(pl.Int64));
}

/**
 * The outputs of a batch's `transform()` steps, by step: queries sharing a
 * frame share its step objects, so each transform runs once per batch.
 */
export type TransformMemo = Map<QueryStep, pl.DataFrame>;

function applySteps(
  plan: QueryPlan,
  df: pl.DataFrame,
  memo: TransformMemo = new Map(),
): pl.LazyDataFrame {
  const { steps } = plan;
  // Start after the last transform this batch has already run.
  let first = 0;
  let lf = df.lazy();
  for (let i = steps.length - 1; i >= 0; i--) {
    const done = memo.get(steps[i]);
    if (done) {
      lf = done.lazy();
      first = i + 1;
      break;
    }
  }
  for (const step of steps.slice(first)) {
    if (step.op === "withColumns") lf = lf.withColumns(...step.exprs);
    else if (step.op === "filter") lf = lf.filter(step.exprs[0]);
    else if (step.op === "select") {
      lf = lf.select(...step.columns, PARTITION_COLUMN);
    } else {
      const out = step.fn(lf.collectSync());
      memo.set(step, out);
      lf = out.lazy();
    }
  }
  return lf;
}

/** Casts Categorical columns to strings (results never carry codes). */
function withStrings(lf: pl.LazyDataFrame, df: pl.DataFrame): pl.LazyDataFrame {
  const schema = df.schema as Record<string, pl.DataType>;
  const casts = Object.entries(schema)
    .filter(([, t]) => t.equals(pl.Categorical))
    .map(([name]) => pl.col(name).cast(pl.Utf8));
  return casts.length > 0 ? lf.withColumns(...casts) : lf;
}

/** One query's running state. */
export class QueryRuntime {
  /** The query's plan. */
  readonly plan: QueryPlan;
  readonly #tracker?: WatermarkTracker;
  readonly #groupKeys: string[] = [];
  readonly #stateKeys: string[] = [];
  readonly #inputs: pl.Expr[] = [];
  readonly #partials: Partial[] = [];
  readonly #table: ResultTable;
  readonly #state?: PartialState;
  readonly #emptyState?: pl.DataFrame;
  readonly #emptyResult: pl.DataFrame;
  #preCastSchema?: pl.DataFrame;
  #batch = 0;
  /** Late (row, window) pairs dropped since the query started. */
  lateRowsTotal = 0;

  /** Prepares the runtime of a plan. */
  constructor(plan: QueryPlan) {
    this.plan = plan;
    const { grouping, watermark } = plan;
    if (watermark) {
      this.#tracker = new WatermarkTracker(
        watermark.delayMs,
        watermark.idleTimeoutMs,
      );
    }
    const probe = applySteps(plan, emptyDataFrame(plan.source.columns))
      .collectSync();
    if (grouping) {
      this.#groupKeys = [
        ...(grouping.window ? [WINDOW_START] : []),
        ...grouping.keys,
      ];
      this.#stateKeys = [...this.#groupKeys, PARTITION_COLUMN];
      grouping.aggregations.forEach(([name, agg], i) => {
        let inputType: pl.DataType | undefined;
        if (agg.input !== undefined) {
          const expr = typeof agg.input === "string"
            ? pl.col(agg.input)
            : agg.input;
          this.#inputs.push(expr.alias(`__in${i}`));
          inputType = probe.lazy().select(expr.alias("x")).collectSync()
            .schema["x"];
        }
        this.#partials.push(partialOf(i, name, agg, inputType));
      });
      const merges: [string, MergeKind][] = this.#partials.flatMap((p) =>
        p.columns
      );
      if (watermark) merges.push([TMAX, "max"]);
      this.#emptyState = this.#partial(probe.lazy(), -Infinity).partial;
      this.#state = new PartialState(
        this.#stateKeys,
        merges,
        this.#emptyState,
        grouping.window ? WINDOW_START : undefined,
      );
      this.#emptyResult = this.#finalize(this.#emptyState.lazy());
    } else {
      this.#preCastSchema = probe.select(...plan.resultColumns);
      this.#emptyResult = withStrings(
        this.#preCastSchema.lazy(),
        this.#preCastSchema,
      ).collectSync();
    }
    this.#table = new ResultTable(
      plan.outputMode,
      plan.keyColumns,
      this.#emptyResult,
      plan.sink.usesTable !== false,
    );
    if (plan.outputMode === "complete") {
      this.#table.setComplete(() => this.#finalize(this.#state!.all()));
    }
  }

  /** The current watermark (epoch ms), `-Infinity` without one yet. */
  get watermarkMs(): number {
    return this.#tracker?.watermarkMs ?? -Infinity;
  }

  /** Rows of partial-aggregate state. */
  get stateRows(): number {
    return this.#state?.rows ?? 0;
  }

  /** The result table as sinks see it. */
  get table(): ResultTable {
    return this.#table;
  }

  /** Declares the source's partitions (see `WatermarkTracker.register`). */
  registerPartitions(partitions: Iterable<number>, nowMs: number): void {
    this.#tracker?.register(partitions, nowMs);
  }

  /** Which partitions the source has read to their end (see `WatermarkTracker.reportCaughtUp`). */
  reportCaughtUp(caughtUp: Iterable<number>, nowMs: number): void {
    this.#tracker?.reportCaughtUp(caughtUp, nowMs);
  }

  /** Whether the watermark would move at `nowMs` (idle partitions). */
  watermarkWouldAdvance(nowMs: number): boolean {
    return this.#tracker !== undefined &&
      this.#tracker.candidateMs(nowMs) > this.#tracker.watermarkMs;
  }

  /**
   * Rows (after steps) -> partial aggregates keyed by the state keys, and
   * the late (row, window) pairs left out. Lateness depends on the window
   * alone, so a group of pairs is late as a whole: groups of windows that
   * end at or before the watermark are counted and dropped after grouping.
   */
  #partial(
    rows: pl.LazyDataFrame,
    watermarkMs: number,
  ): { partial: pl.DataFrame; latePairs: number } {
    const grouping = this.plan.grouping!;
    const watermark = this.plan.watermark;
    let lf = rows;
    if (this.#inputs.length > 0) lf = lf.withColumns(...this.#inputs);
    const window = grouping.window;
    if (window) {
      const frames = windowStarts(window).map(({ start, mayNotContain }) => {
        const f = lf.withColumns(start.alias(WINDOW_START));
        return mayNotContain
          ? f.filter(windowEnd(window).gt(pl.col(window.timeColumn)))
          : f;
      });
      lf = frames.length === 1 ? frames[0] : pl.concat(frames);
    }
    const aggs = this.#partials.flatMap((p) => p.batch);
    if (watermark) aggs.push(pl.col(watermark.column).max().alias(TMAX));
    const lateness = window !== undefined && watermarkMs > -Infinity;
    if (lateness) aggs.push(pl.len().alias(PAIRS));
    const partial = lf.groupBy(this.#stateKeys).agg(...aggs).collectSync();
    if (!lateness) return { partial, latePairs: 0 };
    const closed = windowEnd(window).ltEq(pl.lit(watermarkMs));
    const late = partial.lazy().select(pl.col(PAIRS).filter(closed).sum())
      .collectSync().getColumn(PAIRS).get(0);
    return {
      partial: partial.filter(closed.not()).drop(PAIRS),
      latePairs: Number(late ?? 0),
    };
  }

  /** Merged partials -> result rows (over partitions), ordered by keys. */
  #finalize(state: pl.LazyDataFrame, sort = true): pl.DataFrame {
    const window = this.plan.grouping!.window;
    let df = (this.#groupKeys.length > 0
      ? state.groupBy(this.#groupKeys).agg(
        ...this.#partials.map((p) => p.final),
      )
      : state.select(...this.#partials.map((p) => p.final))).collectSync();
    if (window) {
      // ISO strings per distinct window (few), joined back: much cheaper
      // than formatting every row
      const starts = df.getColumn(WINDOW_START).unique().toArray() as number[];
      const iso = pl.DataFrame({
        [WINDOW_START]: pl.Series(WINDOW_START, starts, pl.Int64),
        __start: pl.Series(
          "__start",
          starts.map((s) => new Date(Number(s)).toISOString()),
          pl.Utf8,
        ),
        [WINDOW_END]: pl.Series(
          WINDOW_END,
          starts.map((s) => new Date(Number(s) + window.sizeMs).toISOString()),
          pl.Utf8,
        ),
      });
      df = df.join(iso, { on: WINDOW_START, how: "left" })
        .drop(WINDOW_START).rename({ __start: WINDOW_START });
    }
    this.#preCastSchema ??= df;
    let lf = withStrings(df.lazy(), this.#preCastSchema);
    // sorted as strings (faster than dictionary-encoded values); ISO
    // window starts sort chronologically
    if (sort && this.#groupKeys.length > 0) lf = lf.sort(this.#groupKeys);
    return lf.select(...this.plan.resultColumns).collectSync();
  }

  /**
   * Processes one batch.
   *
   * @param batch The batch's DataFrame (source columns + partition).
   * @param nowMs Processing time.
   * @param memo This batch's transform outputs, shared by its queries.
   * @returns Emitted rows and counts.
   */
  process(
    batch: pl.DataFrame,
    nowMs: number,
    memo?: TransformMemo,
  ): QueryBatchOutcome {
    this.#batch++;
    const stepped = applySteps(this.plan, batch, memo);
    const watermark = this.plan.watermark;
    let inputRows: number;
    let rows: pl.LazyDataFrame = stepped;
    if (
      this.plan.steps.some((s) => s.op === "filter" || s.op === "transform")
    ) {
      // materialise once: counted, then aggregated from memory
      const df = stepped.collectSync();
      inputRows = df.height;
      rows = df.lazy();
    } else {
      inputRows = batch.height;
    }
    if (!this.plan.grouping) {
      // no window, so nothing is late: the watermark is only tracked
      const out = withStrings(
        rows.select(...this.plan.resultColumns),
        this.#preCastSchema!,
      ).collectSync();
      if (watermark && this.#tracker) {
        this.#observe(
          rows.groupBy(PARTITION_COLUMN).agg(
            pl.col(watermark.column).max().alias(TMAX),
          ).collectSync(),
          nowMs,
        );
        this.#tracker.advance(nowMs);
      }
      this.#table.apply(out);
      return {
        rows: () => out,
        outputRows: out.height,
        inputRows,
        lateRows: 0,
      };
    }
    const wm = this.#tracker?.watermarkMs ?? -Infinity;
    const { partial, latePairs: lateRows } = inputRows > 0
      ? this.#partial(rows, wm)
      : { partial: undefined, latePairs: 0 };
    this.lateRowsTotal += lateRows;
    if (partial && watermark) this.#observe(partial, nowMs);
    return { ...this.#aggregate(partial, nowMs, false), inputRows, lateRows };
  }

  #observe(partial: pl.DataFrame, nowMs: number): void {
    const maxima = partial.lazy().groupBy(PARTITION_COLUMN).agg(
      pl.col(TMAX).max(),
    ).collectSync();
    const partitions = maxima.getColumn(PARTITION_COLUMN).toArray();
    const maxMs = maxima.getColumn(TMAX).toArray();
    this.#tracker!.observe(
      partitions.map((p, i) => [Number(p), Number(maxMs[i])]),
      nowMs,
    );
  }

  /**
   * Ends a bounded run: the watermark moves past every event, so every
   * window closes (append mode emits them).
   *
   * @param nowMs Processing time.
   * @returns The rows emitted.
   */
  finish(nowMs: number): QueryBatchOutcome {
    this.#batch++;
    if (!this.plan.grouping) {
      return {
        rows: () => this.#emptyResult,
        outputRows: 0,
        inputRows: 0,
        lateRows: 0,
      };
    }
    return {
      ...this.#aggregate(undefined, nowMs, true),
      inputRows: 0,
      lateRows: 0,
    };
  }

  #aggregate(
    partial: pl.DataFrame | undefined,
    nowMs: number,
    end: boolean,
  ): Pick<QueryBatchOutcome, "rows" | "outputRows"> {
    const state = this.#state!;
    const mode = this.plan.outputMode;
    const window = this.plan.grouping!.window;
    if (partial) state.add(partial);
    const wm = this.#tracker?.advance(nowMs, end) ?? -Infinity;
    let updated: pl.DataFrame | undefined;
    if (mode === "update" && partial && partial.height > 0) {
      // rows of the groups this batch touched, before any eviction
      const touched = partial.select(...this.#groupKeys).unique();
      // unsorted: the result table orders rows when it is read
      updated = this.#finalize(state.matching(touched, this.#groupKeys), false);
    }
    let closed: pl.DataFrame | undefined;
    if (
      mode !== "complete" && window && wm > -Infinity &&
      state.minWindowStart + window.sizeMs <= wm
    ) {
      // the same rule as for late pairs: closed once the end <= watermark
      closed = state.evict(
        wm === Infinity ? pl.lit(true) : windowEnd(window).ltEq(pl.lit(wm)),
      );
    }
    if (mode === "complete") {
      const batch = this.#batch;
      let cached: pl.DataFrame | undefined;
      this.#table.setComplete(() => this.#finalize(state.all()));
      return {
        rows: () => {
          if (!cached && batch !== this.#batch) {
            throw new Error(
              "complete-mode rows of an earlier batch are gone: read " +
                "batch.rows inside Sink.write()",
            );
          }
          return cached ??= this.#table.table();
        },
        outputRows: null,
      };
    }
    const out = mode === "append"
      ? (closed && closed.height > 0
        ? this.#finalize(closed.lazy())
        : this.#emptyResult)
      : updated ?? this.#emptyResult;
    this.#table.apply(out);
    return { rows: () => out, outputRows: out.height };
  }

  /** The runtime's recoverable state. */
  snapshot(): QuerySnapshot {
    return {
      state: this.#state?.snapshot(),
      table: this.#table.snapshot(),
      watermark: this.#tracker?.snapshot(),
      lateRowsTotal: this.lateRowsTotal,
    };
  }

  /** Restores a {@linkcode snapshot} (after a restart at `nowMs`). */
  restore(snapshot: QuerySnapshot, nowMs: number): void {
    if (snapshot.state) this.#state?.restore(snapshot.state);
    if (snapshot.watermark) this.#tracker?.restore(snapshot.watermark, nowMs);
    this.lateRowsTotal = snapshot.lateRowsTotal;
    if (snapshot.table) this.#table.restore(snapshot.table);
  }
}
