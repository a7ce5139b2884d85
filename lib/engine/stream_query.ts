/**
 * A complete query definition — steps, watermark, grouping, aggregations,
 * output mode and sink — ready for {@linkcode startStream}.
 *
 * @module
 */
import type pl from "nodejs-polars";
import { createHash } from "node:crypto";
import type { Aggregation } from "./aggregations.ts";
import type { ReferencedColumns } from "./_expr_columns.ts";
import type { OutputMode, Sink } from "./sink.ts";
import type { Source } from "./source.ts";
import type { WindowSpec } from "./window.ts";

/** A batch-level function of a `transform()` step. */
export type FrameTransform = (df: pl.DataFrame) => pl.DataFrame;

/** A row-level step of a query, applied to every batch in order. */
export type QueryStep =
  | { readonly op: "withColumns"; readonly exprs: readonly pl.Expr[] }
  | { readonly op: "filter"; readonly exprs: readonly [pl.Expr] }
  | { readonly op: "select"; readonly columns: readonly string[] }
  | {
    readonly op: "transform";
    readonly fn: FrameTransform;
    /** Identifies the function in the query's fingerprint. */
    readonly name: string;
  };

/** A query's event-time watermark (see `StreamFrame.withWatermark`). */
export interface WatermarkSpec {
  /** The event-time column, epoch milliseconds. */
  readonly column: string;
  /** How far behind the latest event time the watermark trails. */
  readonly delayMs: number;
  /** A partition silent this long no longer holds the watermark back. */
  readonly idleTimeoutMs: number;
}

/** The grouping and aggregations of a stateful query. */
export interface GroupingSpec {
  /** Event-time window, if the query is windowed. */
  readonly window?: WindowSpec;
  /** Key columns, in order. */
  readonly keys: readonly string[];
  /** Output name and aggregation, in order. */
  readonly aggregations: readonly (readonly [string, Aggregation])[];
}

/** Everything the engine needs to run one query. */
export interface QueryPlan {
  /** The query's name. */
  readonly name: string;
  /** Where its rows come from. */
  readonly source: Source;
  /** Row-level steps. */
  readonly steps: readonly QueryStep[];
  /** Watermark, if declared. */
  readonly watermark?: WatermarkSpec;
  /** Grouping; absent for a stateless query. */
  readonly grouping?: GroupingSpec;
  /** How results are emitted. */
  readonly outputMode: OutputMode;
  /** Where results go. */
  readonly sink: Sink;
  /** Source columns the query reads (`"*"`: all). */
  readonly sourceColumns: ReferencedColumns;
  /** Result columns, in order. */
  readonly resultColumns: readonly string[];
  /** Columns that identify a result row. */
  readonly keyColumns: readonly string[];
}

function describeInput(input: string | pl.Expr | undefined): unknown {
  if (input === undefined || typeof input === "string") return input ?? null;
  return JSON.parse(input.toJSON());
}

function describeStep(step: QueryStep): unknown {
  switch (step.op) {
    case "select":
      return ["select", step.columns];
    case "transform":
      return ["transform", step.name];
    default:
      return [step.op, step.exprs.map((e) => JSON.parse(e.toJSON()))];
  }
}

/** A query ready to run; made by `writeStream()` of a stream frame. */
export class StreamQuery {
  /** The full plan (read by the engine). */
  readonly plan: QueryPlan;
  /**
   * SHA-256 of the query's definition (steps, watermark, grouping, output
   * mode, source id and columns); a checkpoint remembers it and refuses to
   * resume a different definition.
   */
  readonly fingerprint: string;

  /** Creates a query from its plan (use `writeStream()` instead). */
  constructor(plan: QueryPlan) {
    this.plan = plan;
    const definition = {
      name: plan.name,
      source: plan.source.id,
      columns: plan.source.columns.map((c) => [c.name, c.type]),
      steps: plan.steps.map(describeStep),
      watermark: plan.watermark ?? null,
      grouping: plan.grouping
        ? {
          window: plan.grouping.window ?? null,
          keys: plan.grouping.keys,
          aggregations: plan.grouping.aggregations.map((
            [name, agg],
          ) => [name, agg.kind, describeInput(agg.input)]),
        }
        : null,
      outputMode: plan.outputMode,
    };
    this.fingerprint = createHash("sha256").update(JSON.stringify(definition))
      .digest("hex");
  }

  /** The query's name. */
  get name(): string {
    return this.plan.name;
  }

  /** The result columns, in order. */
  get resultColumns(): readonly string[] {
    return this.plan.resultColumns;
  }
}
