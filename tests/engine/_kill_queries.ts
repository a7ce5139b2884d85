/**
 * The queries of the kill-and-restart tests (child and reference run).
 *
 * @module
 */
import pl from "nodejs-polars";
import { join } from "node:path";
import {
  count,
  jsonFileSink,
  max,
  mean,
  readStream,
  type Source,
  sum,
  window,
} from "../../lib/engine/mod.ts";

/** Three queries (append, update, complete) writing JSON files to `out`. */
export function childQueries(source: Source, out: string) {
  const events = readStream(source);
  const plays = events.filter(pl.col("interaction").eq(pl.lit("played")));
  return [
    plays.withWatermark("start_time", "1 hour")
      .groupBy(window("start_time", "6 hours"), "personality", "genre")
      .agg({ plays: count(), seconds: sum("length_seconds") })
      .writeStream("windows", {
        outputMode: "append",
        sink: jsonFileSink(join(out, "windows.json")),
      }),
    events.groupBy("country", "interaction")
      .agg({ events: count(), longest: max("length_seconds") })
      .writeStream("countries", {
        outputMode: "update",
        sink: jsonFileSink(join(out, "countries.json")),
      }),
    plays.groupBy("personality")
      .agg({ plays: count(), avg: mean("length_seconds") })
      .writeStream("personalities", {
        outputMode: "complete",
        sink: jsonFileSink(join(out, "personalities.json")),
      }),
  ];
}
