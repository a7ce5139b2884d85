/**
 * The result tables computed in one batch over all records: the definition
 * of what the streaming run must produce once every window has closed.
 *
 * @module
 */
import type pl from "nodejs-polars";
import type { ListeningRecord } from "../schema/mod.ts";
import {
  type AggregateName,
  AGGREGATES,
  type Aggregates,
  batchAggregate,
} from "./aggregates.ts";
import { flattenRecords } from "./flatten_records.ts";
import { prepareEvents } from "./prepare_events.ts";
import {
  type AnalysisTables,
  tablesFromAggregates,
} from "./tables_from_aggregates.ts";
import type { TimeZoneMode } from "./time_of_day.ts";
import type { TimeZoneOffsets } from "./time_zone_offsets.ts";

/** Options of {@linkcode computeTables}. */
export interface ComputeTablesOptions {
  /** Time of day in the listener's local time or in UTC. Default `"local"`. */
  tz?: TimeZoneMode;
  /** Offset memo to use. Default: a new one. */
  offsets?: TimeZoneOffsets;
}

/**
 * Computes every result table of DESIGN §4.6 over all `events` at once
 * (no watermark: nothing is late in a batch).
 *
 * @param events Records, or a DataFrame of flat events
 *   ({@linkcode flattenRecords} columns).
 * @param options Clock for the time of day.
 * @returns The tables as DataFrames with exactly their JSON columns.
 *
 * @example Top 10 at night from an Avro file
 * ```ts
 * const tables = computeTables(records, { tz: "local" });
 * tables.night_top10.toRecords();
 * ```
 */
export function computeTables(
  events: pl.DataFrame | readonly ListeningRecord[],
  options: ComputeTablesOptions = {},
): AnalysisTables {
  const flat = Array.isArray(events)
    ? flattenRecords(events as readonly ListeningRecord[])
    : events as pl.DataFrame;
  const prepared = prepareEvents(flat, options);
  const aggregates = {} as Aggregates;
  for (const name of Object.keys(AGGREGATES) as AggregateName[]) {
    aggregates[name] = batchAggregate(prepared, AGGREGATES[name]);
  }
  return tablesFromAggregates(aggregates);
}
