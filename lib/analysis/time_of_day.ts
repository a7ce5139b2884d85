/**
 * Time of day of each event (DESIGN §4.4): night 22:00–05:59, morning
 * 06:00–11:59, afternoon 12:00–17:59, evening 18:00–21:59, taken in the
 * listener's local time (`timezone` column) or, with `tz: "utc"`, in UTC as
 * the original project did.
 *
 * @module
 */
import pl from "nodejs-polars";
import { DAY_MS, TimeZoneOffsets } from "./time_zone_offsets.ts";
import { int } from "./_int.ts";

/** The four buckets, in the order of a day. */
export const TIMES_OF_DAY = [
  "morning",
  "afternoon",
  "evening",
  "night",
] as const;

/** One bucket of {@linkcode TIMES_OF_DAY}. */
export type TimeOfDay = typeof TIMES_OF_DAY[number];

/**
 * The buckets in the order the rule meets them from midnight; the
 * `day_part` column of {@linkcode withLocalDay} is an index of it.
 */
export const DAY_PARTS: readonly TimeOfDay[] = Object.freeze([
  "night",
  "morning",
  "afternoon",
  "evening",
]);

/** Which clock the time of day is read from: the listener's, or UTC. */
export type TimeZoneMode = "local" | "utc";

/** The accepted {@linkcode TimeZoneMode} values (for CLI flags). */
export const TIME_ZONE_MODES: readonly TimeZoneMode[] = ["local", "utc"];

const HOUR_MS = 3_600_000;

/** Options of {@linkcode withTimeOfDay}. */
export interface WithTimeOfDayOptions {
  /** Local time of each listener, or UTC. Default `"local"`. */
  tz?: TimeZoneMode;
  /**
   * The offset memo to use (and fill); pass the same one to every batch of
   * a stream. Default: a new one.
   */
  offsets?: TimeZoneOffsets;
}

/**
 * The time-of-day rule: the bucket of an Int64 expression holding local
 * epoch milliseconds, as the value given for it (in {@linkcode DAY_PARTS}
 * order).
 */
function bucketOf(localMs: pl.Expr, values: readonly pl.Expr[]): pl.Expr {
  const [night, morning, afternoon, evening] = values;
  const ofDay = localMs.modulo(int(DAY_MS)); // floored: 0 <= ofDay < DAY_MS
  const before = (hour: number) => ofDay.lt(int(hour * HOUR_MS));
  return pl.when(before(6)).then(night)
    .when(before(12)).then(morning)
    .when(before(18)).then(afternoon)
    .when(before(22)).then(evening)
    .otherwise(night);
}

/** The UTC epoch day of an Int64 epoch-milliseconds expression. */
function epochDay(ms: pl.Expr): pl.Expr {
  return ms.sub(ms.modulo(int(DAY_MS))).div(int(DAY_MS)).cast(pl.Int64);
}

/**
 * The start of each event as local epoch milliseconds (`_local_ms`), in
 * each listener's zone or in UTC. Offsets come from a memo keyed by (zone,
 * UTC day) joined onto the rows, so luxon is never called per event.
 */
function withLocalStart(
  df: pl.DataFrame,
  options: WithTimeOfDayOptions,
): pl.DataFrame {
  const { tz = "local", offsets = new TimeZoneOffsets() } = options;
  const start = pl.col("start_time").cast(pl.Int64);
  if (tz === "utc" || df.height === 0) {
    return df.withColumns(start.alias("_local_ms"));
  }
  // Join on a String copy: the engine delivers strings as Categorical.
  const zone = pl.col("timezone").cast(pl.String).alias("_zone");
  const keys = df.select(
    zone,
    epochDay(start).alias("_day"),
  ).unique();
  const zones = keys.getColumn("_zone").toArray() as string[];
  const days = keys.getColumn("_day").toArray() as number[];
  const before = new Array<number>(zones.length);
  const switchAt = new Array<number>(zones.length);
  const after = new Array<number>(zones.length);
  for (let i = 0; i < zones.length; i++) {
    const day = offsets.forDay(zones[i], days[i]);
    before[i] = day.offsetMs;
    // "No change" (Infinity) as the end of the day: Int64 has no infinity.
    switchAt[i] = Math.min(day.switchAtMs, (days[i] + 1) * DAY_MS);
    after[i] = day.offsetAfterMs;
  }
  const lookup = pl.DataFrame([
    pl.Series("_zone", zones, pl.String),
    pl.Series("_day", days, pl.Int64),
    pl.Series("_before", before, pl.Int64),
    pl.Series("_switch", switchAt, pl.Int64),
    pl.Series("_after", after, pl.Int64),
  ]);
  const offset = pl.when(start.gtEq(pl.col("_switch")))
    .then(pl.col("_after"))
    .otherwise(pl.col("_before"));
  return df
    .withColumns(zone, epochDay(start).alias("_day"))
    .join(lookup, { on: ["_zone", "_day"], how: "left" })
    .withColumns(start.add(offset).alias("_local_ms"))
    .drop("_zone", "_day", "_before", "_switch", "_after");
}

/**
 * Adds a `time_of_day` column computed from `start_time` (epoch ms) and,
 * for local time, `timezone` (offsets memoised per zone and UTC day).
 *
 * @param df Events with `start_time` (and `timezone` for local time).
 * @param options Clock and offset memo.
 * @returns `df` with a `time_of_day` String column.
 */
export function withTimeOfDay(
  df: pl.DataFrame,
  options: WithTimeOfDayOptions = {},
): pl.DataFrame {
  const names = DAY_PARTS.map((name) => pl.lit(name));
  return withLocalStart(df, options)
    .withColumns(bucketOf(pl.col("_local_ms"), names).alias("time_of_day"))
    .drop("_local_ms");
}

/**
 * Adds the local calendar day and part of the day of each event, on the
 * clock of {@linkcode withTimeOfDay}: `local_day` (Int32, days since
 * 1970-01-01 of the local date) and `day_part` (Int32, an index of
 * {@linkcode DAY_PARTS}).
 *
 * @param df Events with `start_time` (and `timezone` for local time).
 * @param options Clock and offset memo.
 * @returns `df` with `local_day` and `day_part`.
 */
export function withLocalDay(
  df: pl.DataFrame,
  options: WithTimeOfDayOptions = {},
): pl.DataFrame {
  const local = pl.col("_local_ms");
  const ofDay = local.modulo(int(DAY_MS));
  const indices = DAY_PARTS.map((_, i) => pl.lit(i).cast(pl.Int32));
  return withLocalStart(df, options)
    .withColumns(
      local.sub(ofDay).div(int(DAY_MS)).cast(pl.Int32).alias("local_day"),
      bucketOf(local, indices).alias("day_part"),
    )
    .drop("_local_ms");
}

/**
 * Adds an `hour` column (0–23): the hour of the day each event started, in
 * the listener's local time or in UTC — the clock {@linkcode withTimeOfDay}
 * reads its buckets from.
 *
 * @param df Events with `start_time` (and `timezone` for local time).
 * @param options Clock and offset memo.
 * @returns `df` with an Int64 `hour` column.
 */
export function withHourOfDay(
  df: pl.DataFrame,
  options: WithTimeOfDayOptions = {},
): pl.DataFrame {
  const ofDay = pl.col("_local_ms").modulo(int(DAY_MS));
  return withLocalStart(df, options)
    .withColumns(
      ofDay.sub(ofDay.modulo(int(HOUR_MS))).div(int(HOUR_MS))
        .cast(pl.Int64).alias("hour"),
    )
    .drop("_local_ms");
}
