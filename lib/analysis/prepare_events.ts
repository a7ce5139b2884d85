/**
 * The derived columns every analysis uses, added to flat events.
 *
 * @module
 */
import pl from "nodejs-polars";
import { type TimeZoneMode, withTimeOfDay } from "./time_of_day.ts";
import type { TimeZoneOffsets } from "./time_zone_offsets.ts";

/** Options of {@linkcode prepareEvents}. */
export interface PrepareEventsOptions {
  /** Time of day in the listener's local time or in UTC. Default `"local"`. */
  tz?: TimeZoneMode;
  /** Offset memo shared across batches. Default: a new one. */
  offsets?: TimeZoneOffsets;
}

/**
 * Adds `time_of_day` (see {@linkcode withTimeOfDay}) and `listened_ms`
 * (`end_time − start_time`) to flat events.
 *
 * @param events Flat events ({@linkcode flattenRecords} columns).
 * @param options Clock and offset memo.
 * @returns The events with the two extra columns.
 */
export function prepareEvents(
  events: pl.DataFrame,
  options: PrepareEventsOptions = {},
): pl.DataFrame {
  return withTimeOfDay(events, options).withColumns(
    pl.col("end_time").sub(pl.col("start_time")).cast(pl.Int64).alias(
      "listened_ms",
    ),
  );
}
