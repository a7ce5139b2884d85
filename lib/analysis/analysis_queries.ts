/**
 * The streaming queries behind the result tables: one engine query per
 * partial aggregate ({@linkcode AGGREGATES}), all on one source.
 *
 * @module
 */
import pl from "nodejs-polars";
import {
  type Aggregation,
  count,
  readStream,
  type Sink,
  type Source,
  type StreamQuery,
  sum,
} from "../engine/mod.ts";
import {
  type AggregateName,
  AGGREGATES,
  type AggregateSpec,
} from "./aggregates.ts";
import { WATERMARK_DELAY_MS } from "./result_tables.ts";
import { type TimeZoneMode, withTimeOfDay } from "./time_of_day.ts";
import { TimeZoneOffsets } from "./time_zone_offsets.ts";

/** The output mode of an aggregate's query: windows once closed, others per update. */
export function outputModeOf(spec: AggregateSpec): "append" | "update" {
  return spec.window ? "append" : "update";
}

/** Options of {@linkcode analysisQueries}. */
export interface AnalysisQueriesOptions {
  /** Time of day in the listener's local time or in UTC. Default `"local"`. */
  tz?: TimeZoneMode;
  /** Offset memo shared by every batch. Default: a new one. */
  offsets?: TimeZoneOffsets;
}

/**
 * Builds the engine queries of every aggregate on one frame of events:
 * each batch gets its `time_of_day` once ({@linkcode withTimeOfDay} as a
 * `transform()` step) and `listened_ms` (`end_time − start_time`).
 *
 * Windowed aggregates declare a watermark on `start_time` (a row is dropped,
 * and counted as late, from each of its windows that the watermark has
 * closed) and run in append mode: a window reaches its
 * sink once, final, when the watermark passes its end. The others run in
 * update mode over all events since the start.
 *
 * @param source A source of listening records ({@linkcode LISTENING_COLUMNS}).
 * @param sinks One sink per aggregate.
 * @param options The clock of the time of day and its offset memo.
 * @returns The queries, named after the aggregates.
 */
export function analysisQueries(
  source: Source,
  sinks: Readonly<Record<AggregateName, Sink>>,
  options: AnalysisQueriesOptions = {},
): StreamQuery[] {
  const { tz = "local", offsets = new TimeZoneOffsets() } = options;
  const events = readStream(source)
    .transform((df) => withTimeOfDay(df, { tz, offsets }), {
      name: `time_of_day:${tz}`,
      reads: tz === "local" ? ["start_time", "timezone"] : ["start_time"],
    })
    .withColumn("listened_ms", pl.col("end_time").minus(pl.col("start_time")));
  const plays = events.filter(pl.col("interaction").eq(pl.lit("played")));
  return (Object.keys(AGGREGATES) as AggregateName[]).map((name) => {
    const spec = AGGREGATES[name];
    const aggregations: Record<string, Aggregation> = { [spec.count]: count() };
    for (const [out, input] of Object.entries(spec.sums ?? {})) {
      aggregations[out] = sum(input);
    }
    const frame = spec.playsOnly ? plays : events;
    const grouped = spec.window
      ? frame.withWatermark("start_time", WATERMARK_DELAY_MS)
        .groupBy(spec.window, ...spec.keys)
      : frame.groupBy(...spec.keys);
    return grouped.agg(aggregations).writeStream(name, {
      sink: sinks[name],
      outputMode: outputModeOf(spec),
    });
  });
}
