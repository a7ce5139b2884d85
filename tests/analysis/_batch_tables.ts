/**
 * The oracle of the analysis: every result table computed in one polars
 * batch over all records, with no engine — one `groupBy` per aggregate of
 * {@linkcode AGGREGATES}, windows assigned by repeating each event once per
 * window containing it. The engine's tables (`analyzeOnce`, `deno task
 * analyze`) must equal these once every window has closed, except for rows
 * the watermark dropped as late.
 *
 * @module
 */
import pl from "nodejs-polars";
import {
  type AggregateName,
  AGGREGATES,
  type AggregateSpec,
  type AnalysisTables,
  assembleTables,
  flattenRecords,
  rank,
  type RankingName,
  RANKINGS,
  type Rankings,
  type TimeZoneMode,
  type TimeZoneOffsets,
  withTimeOfDay,
} from "../../lib/analysis/mod.ts";
import type { WindowSpec } from "../../lib/engine/mod.ts";
import type { ListeningRecord } from "../../lib/schema/mod.ts";

/** Options of {@linkcode computeTables}. */
export interface ComputeTablesOptions {
  /** Time of day in the listener's local time or in UTC. Default `"local"`. */
  tz?: TimeZoneMode;
  /** Offset memo to use. Default: a new one. */
  offsets?: TimeZoneOffsets;
}

/** The aggregate DataFrames, by name. */
type Aggregates = Record<AggregateName, pl.DataFrame>;

/** An Int64 literal (a float literal divides off by an ulp). */
function int(value: number): pl.Expr {
  return pl.lit(value).cast(pl.Int64);
}

/**
 * Computes every result table of DESIGN §4.6 over all `events` at once
 * (no watermark: nothing is late in a batch).
 *
 * @param events Records, or a DataFrame of flat events
 *   (`flattenRecords()` columns).
 * @param options Clock for the time of day.
 * @returns The tables as DataFrames with exactly their JSON columns.
 */
export function computeTables(
  events: pl.DataFrame | readonly ListeningRecord[],
  options: ComputeTablesOptions = {},
): AnalysisTables {
  const flat = Array.isArray(events)
    ? flattenRecords(events as readonly ListeningRecord[])
    : events as pl.DataFrame;
  const prepared = withTimeOfDay(flat, options).withColumns(
    pl.col("end_time").sub(pl.col("start_time")).cast(pl.Int64)
      .alias("listened_ms"),
  );
  const aggregates = {} as Aggregates;
  for (const name of Object.keys(AGGREGATES) as AggregateName[]) {
    aggregates[name] = batchAggregate(prepared, AGGREGATES[name]);
  }
  const rankings = {} as Rankings;
  for (const name of Object.keys(RANKINGS) as RankingName[]) {
    rankings[name] = rank(aggregates[RANKINGS[name].aggregate], RANKINGS[name]);
  }
  return assembleTables({
    rankings,
    time_of_day_songs: aggregates.time_of_day_songs,
    personality_listening: aggregates.personality_listening,
  });
}

/**
 * Computes one aggregate over prepared events in a single batch: every
 * record in the window(s) containing its `start_time` (a window is
 * `[start, start + size)`, starts aligned to the epoch).
 *
 * @param events Prepared events (with `time_of_day` and `listened_ms`).
 * @param spec The aggregate.
 * @returns Window bounds (ISO-8601), group columns, the count (Int64) and
 *   sums (Int64).
 */
function batchAggregate(
  events: pl.DataFrame,
  spec: AggregateSpec,
): pl.DataFrame {
  let rows = spec.playsOnly
    ? events.filter(pl.col("interaction").eq(pl.lit("played")))
    : events;
  const keys = [...spec.keys];
  if (spec.window) {
    rows = withWindowStarts(rows, spec.window);
    keys.unshift("window_start");
  }
  const sums = Object.entries(spec.sums ?? {}).map(([out, input]) =>
    pl.col(input).sum().cast(pl.Int64).alias(out)
  );
  const agg = rows.groupBy(keys).agg(
    pl.len().cast(pl.Int64).alias(spec.count),
    ...sums,
  );
  if (!spec.window) return agg;
  const start = pl.col("window_start");
  return agg.select(
    iso(start).alias("window_start"),
    iso(start.add(int(spec.window.sizeMs))).alias("window_end"),
    ...spec.keys,
    spec.count,
    ...Object.keys(spec.sums ?? {}),
  );
}

function iso(ms: pl.Expr): pl.Expr {
  return ms.cast(pl.Datetime("ms")).dt.strftime("%Y-%m-%dT%H:%M:%S%.3fZ");
}

/**
 * One row per (event, window containing it) with a `window_start` column.
 *
 * @param events Rows with `start_time` (epoch ms).
 * @param window Size and slide; the size must be a multiple of the slide.
 * @returns `events` repeated `size / slide` times with their window starts.
 * @throws {RangeError} When the size is not a positive multiple of the slide.
 */
function withWindowStarts(
  events: pl.DataFrame,
  window: WindowSpec,
): pl.DataFrame {
  const { sizeMs, slideMs } = window;
  const perEvent = sizeMs / slideMs;
  if (!Number.isInteger(perEvent) || perEvent < 1) {
    throw new RangeError(
      `window size must be a positive multiple of the slide: got ${sizeMs} ms / ${slideMs} ms`,
    );
  }
  const start = pl.col("start_time").cast(pl.Int64);
  const last = start.sub(start.modulo(int(slideMs)));
  const copies = [];
  for (let k = 0; k < perEvent; k++) {
    copies.push(
      events.withColumns(last.sub(int(k * slideMs)).alias("window_start")),
    );
  }
  return copies.length === 1 ? copies[0] : pl.concat(copies);
}
