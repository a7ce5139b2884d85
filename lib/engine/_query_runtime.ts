/**
 * Runs one query batch by batch: row steps, late-row filter, window
 * assignment, partial aggregates merged into state keyed by (window,
 * keys, source partition), eviction behind the watermark, and the rows
 * each output mode emits.
 *
 * @module
 */
import pl from "nodejs-polars";
import type { Aggregation } from "./aggregations.ts";
import { emptyDataFrame, PARTITION_COLUMN } from "./_to_data_frame.ts";
import { ResultTable } from "./_result_table.ts";
import { isIntegerType } from "./_validate.ts";
import type { QueryPlan } from "./stream_query.ts";
import { assignWindows, WINDOW_END, WINDOW_START } from "./window.ts";
import {
  type WatermarkSnapshot,
  WatermarkTracker,
} from "./_watermark_tracker.ts";

/** What one batch did for one query. */
export interface QueryBatchOutcome {
  /** Rows the sink receives. */
  rows: pl.DataFrame;
  /** Rows that reached the query after its steps (before the late filter). */
  inputRows: number;
  /** Rows dropped as late in this batch. */
  lateRows: number;
}

/** A query's recoverable state, for checkpoints. */
export interface QuerySnapshot {
  /** Partial aggregates (absent for stateless queries). */
  state?: pl.DataFrame;
  /** The result table (absent in complete mode: derived from state). */
  table?: pl.DataFrame;
  /** The watermark tracker. */
  watermark?: WatermarkSnapshot;
  /** Rows dropped as late since the query started. */
  lateRowsTotal: number;
}

const ISO_FORMAT = "%Y-%m-%dT%H:%M:%S%.3fZ";

interface Partial {
  /** Partial column names and their merge function. */
  columns: [string, "sum" | "min" | "max"][];
  /** Batch expressions producing the partial columns. */
  batch: pl.Expr[];
  /** Final expression over merged partials. */
  final: pl.Expr;
}

function partialOf(
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

function applySteps(plan: QueryPlan, lf: pl.LazyDataFrame): pl.LazyDataFrame {
  for (const step of plan.steps) {
    if (step.op === "withColumns") lf = lf.withColumns(...step.exprs);
    else if (step.op === "filter") lf = lf.filter(step.exprs[0]);
    else lf = lf.select(...step.columns, PARTITION_COLUMN);
  }
  return lf;
}

/** Casts Categorical columns to strings (results never carry codes). */
function withStrings(df: pl.DataFrame): pl.DataFrame {
  const schema = df.schema as Record<string, pl.DataType>;
  const casts = Object.entries(schema)
    .filter(([, t]) => t.equals(pl.Categorical))
    .map(([name]) => pl.col(name).cast(pl.Utf8));
  return casts.length > 0 ? df.withColumns(...casts) : df;
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
  #state?: pl.DataFrame;
  #emptyState!: pl.DataFrame;
  /** Rows dropped as late since the query started. */
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
    const probe = applySteps(plan, emptyDataFrame(plan.source.columns).lazy())
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
      this.#emptyState = this.#partial(probe);
    }
    this.#table = new ResultTable(
      plan.outputMode,
      plan.keyColumns,
      grouping ? this.#finalize(this.#emptyState) : this.#stateless(probe),
    );
  }

  /** The current watermark (epoch ms), `-Infinity` without one yet. */
  get watermarkMs(): number {
    return this.#tracker?.watermarkMs ?? -Infinity;
  }

  /** Rows of partial-aggregate state. */
  get stateRows(): number {
    return this.#state?.height ?? 0;
  }

  /** The result table as sinks see it. */
  get table(): ResultTable {
    return this.#table;
  }

  /** Whether the watermark would move at `nowMs` (idle partitions). */
  watermarkWouldAdvance(nowMs: number): boolean {
    return this.#tracker !== undefined &&
      this.#tracker.candidateMs(nowMs) > this.#tracker.watermarkMs;
  }

  /** Batch rows -> partial aggregates keyed by the state keys. */
  #partial(rows: pl.DataFrame): pl.DataFrame {
    const window = this.plan.grouping!.window;
    let lf = rows.lazy();
    if (this.#inputs.length > 0) lf = lf.withColumns(...this.#inputs);
    let df = lf.collectSync();
    if (window) df = assignWindows(df, window);
    return df.lazy()
      .groupBy(this.#stateKeys)
      .agg(...this.#partials.flatMap((p) => p.batch))
      .collectSync();
  }

  #merge(df: pl.DataFrame): pl.DataFrame {
    const merges = this.#partials.flatMap((p) =>
      p.columns.map(([name, how]) => pl.col(name)[how]().alias(name))
    );
    return df.lazy().groupBy(this.#stateKeys).agg(...merges).collectSync();
  }

  /** Merged partials -> result rows (over partitions), ordered by keys. */
  #finalize(state: pl.DataFrame): pl.DataFrame {
    const window = this.plan.grouping!.window;
    let lf = state.lazy();
    lf = this.#groupKeys.length > 0
      ? lf.groupBy(this.#groupKeys).agg(...this.#partials.map((p) => p.final))
      : lf.select(...this.#partials.map((p) => p.final));
    if (this.#groupKeys.length > 0) lf = lf.sort(this.#groupKeys);
    if (window) {
      const start = pl.col(WINDOW_START);
      lf = lf.withColumns(
        start.plus(pl.lit(window.sizeMs).cast(pl.Int64)).cast(pl.Datetime("ms"))
          .dt.strftime(ISO_FORMAT).alias(WINDOW_END),
        start.cast(pl.Datetime("ms")).dt.strftime(ISO_FORMAT).alias(
          WINDOW_START,
        ),
      );
    }
    return withStrings(lf.select(...this.plan.resultColumns).collectSync());
  }

  #stateless(rows: pl.DataFrame): pl.DataFrame {
    return withStrings(rows.select(...this.plan.resultColumns));
  }

  /**
   * Processes one batch.
   *
   * @param batch The batch's DataFrame (source columns + partition).
   * @param nowMs Processing time.
   * @returns Emitted rows and counts.
   */
  process(batch: pl.DataFrame, nowMs: number): QueryBatchOutcome {
    let rows = applySteps(this.plan, batch.lazy()).collectSync();
    const inputRows = rows.height;
    let lateRows = 0;
    const watermark = this.plan.watermark;
    if (watermark && this.#tracker && rows.height > 0) {
      const t = pl.col(watermark.column);
      const wm = this.#tracker.watermarkMs;
      if (wm > -Infinity) {
        const onTime = rows.filter(t.gtEq(pl.lit(wm)));
        lateRows = rows.height - onTime.height;
        rows = onTime;
      }
      const maxima = rows.lazy().groupBy(PARTITION_COLUMN)
        .agg(t.max().alias("m")).collectSync();
      const partitions = maxima.getColumn(PARTITION_COLUMN).toArray();
      const maxMs = maxima.getColumn("m").toArray();
      this.#tracker.observe(
        partitions.map((p, i) => [Number(p), Number(maxMs[i])]),
        nowMs,
      );
    }
    this.lateRowsTotal += lateRows;
    const out = this.plan.grouping
      ? this.#aggregate(rows, nowMs, false)
      : this.#stateless(rows);
    this.#table.apply(out);
    return { rows: out, inputRows, lateRows };
  }

  /**
   * Ends a bounded run: the watermark moves past every event, so every
   * window closes (append mode emits them).
   *
   * @param nowMs Processing time.
   * @returns The rows emitted.
   */
  finish(nowMs: number): pl.DataFrame {
    if (!this.plan.grouping) return this.#table.table().head(0);
    const out = this.#aggregate(this.#emptyState, nowMs, true);
    this.#table.apply(out);
    return out;
  }

  #aggregate(rows: pl.DataFrame, nowMs: number, end: boolean): pl.DataFrame {
    const mode = this.plan.outputMode;
    const window = this.plan.grouping!.window;
    let touched: pl.DataFrame | undefined;
    if (rows.height > 0) {
      const partial = this.#partial(rows);
      touched = partial.select(...this.#groupKeys).unique();
      this.#state = this.#state && this.#state.height > 0
        ? this.#merge(pl.concat([this.#state, partial], { how: "vertical" }))
        : partial;
    }
    const wm = this.#tracker?.advance(nowMs, end) ?? -Infinity;
    const state = this.#state ?? this.#emptyState;
    if (mode === "complete") return this.#finalize(state);
    let closed: pl.DataFrame | undefined;
    if (window && wm > -Infinity && state.height > 0) {
      const ends = pl.col(WINDOW_START).plus(pl.lit(window.sizeMs));
      const isClosed = wm === Infinity ? pl.lit(true) : ends.ltEq(pl.lit(wm));
      closed = state.filter(isClosed);
      if (closed.height > 0) this.#state = state.filter(isClosed.not());
    }
    if (mode === "append") {
      return this.#finalize(closed ?? this.#emptyState);
    }
    if (!touched || touched.height === 0) {
      return this.#finalize(this.#emptyState);
    }
    const keys = this.#groupKeys;
    const changed = keys.length === 0 ? state : state.join(touched, {
      on: keys,
      how: "semi",
    });
    return this.#finalize(changed);
  }

  /** The runtime's recoverable state. */
  snapshot(): QuerySnapshot {
    return {
      state: this.plan.grouping ? this.#state ?? this.#emptyState : undefined,
      table: this.plan.outputMode === "complete"
        ? undefined
        : this.#table.table(),
      watermark: this.#tracker?.snapshot(),
      lateRowsTotal: this.lateRowsTotal,
    };
  }

  /** Restores a {@linkcode snapshot} (after a restart at `nowMs`). */
  restore(snapshot: QuerySnapshot, nowMs: number): void {
    if (snapshot.state) this.#state = snapshot.state;
    if (snapshot.watermark) this.#tracker?.restore(snapshot.watermark, nowMs);
    this.lateRowsTotal = snapshot.lateRowsTotal;
    if (snapshot.table) this.#table.restore(snapshot.table);
    else if (this.plan.outputMode === "complete" && this.plan.grouping) {
      this.#table.apply(this.#finalize(this.#state ?? this.#emptyState));
    }
  }
}
