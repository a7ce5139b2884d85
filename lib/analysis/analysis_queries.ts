/**
 * The streaming queries behind the result tables: one engine query per
 * partial aggregate ({@linkcode AGGREGATES}), all on one source.
 *
 * @module
 */
import {
  type Aggregation,
  count,
  pl,
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

/** The output mode of an aggregate's query: windows once closed, others per update. */
export function outputModeOf(spec: AggregateSpec): "append" | "update" {
  return spec.window ? "append" : "update";
}

/**
 * Builds the engine queries of every aggregate.
 *
 * Windowed aggregates declare a watermark on `start_time` (a row is dropped,
 * and counted as late, from each of its windows that the watermark has
 * closed) and run in append mode: a window reaches its
 * sink once, final, when the watermark passes its end. The others run in
 * update mode over all events since the start.
 *
 * @param source A source whose records have a `time_of_day` column
 *   ({@linkcode timeOfDaySource}).
 * @param sinks One sink per aggregate.
 * @returns The queries, named after the aggregates.
 */
export function analysisQueries(
  source: Source,
  sinks: Readonly<Record<AggregateName, Sink>>,
): StreamQuery[] {
  const events = readStream(source).withColumn(
    "listened_ms",
    pl.col("end_time").minus(pl.col("start_time")),
  );
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
