/**
 * The streaming queries behind Wrapped: per-listener state as keyed engine
 * state, one query per table of {@linkcode WRAPPED_TABLES}, all on one
 * source; each batch gets its local day and part of the day once
 * (`withLocalDay` as a `transform()` step).
 *
 * @module
 */
import pl from "nodejs-polars";
import {
  count,
  min,
  readStream,
  type Sink,
  type Source,
  type StreamFrame,
  type StreamQuery,
  sum,
} from "../engine/mod.ts";
import {
  type TimeZoneMode,
  TimeZoneOffsets,
  withLocalDay,
} from "../analysis/mod.ts";

/** A stream: an event with `end_time − start_time ≥ 30,000 ms`. */
export const STREAM_MIN_MS = 30_000;

/** `first_stream_day` of a (listener, song) without a stream. */
export const NO_STREAM_DAY = 2_147_483_647;

/**
 * The tables of per-listener state and what each is keyed by. Every key
 * set is bounded by listeners × something that does not grow with events:
 * the catalogue (songs, artists), the days of the period × 4 parts of the
 * day, months × genres, release years.
 */
export const WRAPPED_TABLES = {
  /**
   * Per (listener, song) heard: streams, first local day streamed (a row
   * means at least one event).
   */
  wrapped_songs: ["user_id", "song_name", "artist"],
  /** Per (listener, local day, part of day): events, minutes, streams, popularity. */
  wrapped_days: ["user_id", "personality", "local_day", "day_part"],
  /** Per (listener, local month, genre): streams. */
  wrapped_months: ["user_id", "month", "genre"],
  /** Per (listener, release year): events, streams. */
  wrapped_years: ["user_id", "year"],
  /** Per song heard by anyone (the catalogue as seen): events. */
  wrapped_catalog: ["song_name", "artist", "year"],
} as const;

/** The name of one table of {@linkcode WRAPPED_TABLES}. */
export type WrappedTableName = keyof typeof WRAPPED_TABLES;

/** The table names, in a fixed order. */
export const WRAPPED_TABLE_NAMES = Object.keys(
  WRAPPED_TABLES,
) as WrappedTableName[];

/** Options of {@linkcode wrappedQueries}. */
export interface WrappedQueriesOptions {
  /**
   * Keep only events whose local date falls in this calendar year.
   * Default: every event.
   */
  year?: number;
  /** Local dates and times in the listener's zone or in UTC. Default `"local"`. */
  tz?: TimeZoneMode;
  /** The offset memo (pass the same one to every batch). Default: a new one. */
  offsets?: TimeZoneOffsets;
}

/**
 * The local-day bounds `[from, to)` of a calendar year, in days since
 * 1970-01-01.
 *
 * @param year A calendar year, e.g. 2025.
 * @returns The first day of the year and of the next.
 * @throws {RangeError} When `year` is not an integer 1–9999.
 */
export function yearDays(year: number): [number, number] {
  if (!Number.isInteger(year) || year < 1 || year > 9999) {
    throw new RangeError(`year must be an integer 1-9999: got ${year}`);
  }
  const day = (y: number) => {
    const date = new Date(0);
    date.setUTCFullYear(y, 0, 1);
    return Math.round(date.getTime() / 86_400_000);
  };
  return [day(year), day(year + 1)];
}

/**
 * Builds the engine queries of every Wrapped table. They run in complete
 * output mode: the engine keeps only the partial-aggregate state, and the
 * tables are computed from it when a sink reads `table()`, so nothing is
 * done per batch beyond merging the batch into the state.
 *
 * @param source A source of listening records (`LISTENING_COLUMNS`).
 * @param sinks One sink per table.
 * @param options A calendar year to keep; the clock and its offset memo.
 * @returns The queries, named after the tables.
 * @throws {RangeError} For an invalid `year`.
 */
export function wrappedQueries(
  source: Source,
  sinks: Readonly<Record<WrappedTableName, Sink>>,
  options: WrappedQueriesOptions = {},
): StreamQuery[] {
  const { tz = "local", offsets = new TimeZoneOffsets() } = options;
  let events: StreamFrame = readStream(source)
    .transform((df) => withLocalDay(df, { tz, offsets }), {
      name: `local_day:${tz}`,
      reads: tz === "local" ? ["start_time", "timezone"] : ["start_time"],
    });
  if (options.year !== undefined) {
    const [from, to] = yearDays(options.year);
    const day = pl.col("local_day");
    events = events.filter(day.gtEq(pl.lit(from)).and(day.lt(pl.lit(to))));
  }
  const listened = pl.col("end_time").cast(pl.Int64)
    .minus(pl.col("start_time").cast(pl.Int64));
  const isStream = listened.gtEq(pl.lit(STREAM_MIN_MS)).cast(pl.Int32);
  const streamDay = pl.when(listened.gtEq(pl.lit(STREAM_MIN_MS)))
    .then(pl.col("local_day"))
    .otherwise(pl.lit(NO_STREAM_DAY)).cast(pl.Int32);
  const date = pl.col("local_day").cast(pl.Date);
  const streams = events.filter(listened.gtEq(pl.lit(STREAM_MIN_MS)))
    .withColumn(
      "month",
      date.dt.year().cast(pl.Int32).mul(pl.lit(100))
        .add(date.dt.month().cast(pl.Int32)),
    );
  const group = (frame: StreamFrame, name: WrappedTableName) =>
    frame.groupBy(...WRAPPED_TABLES[name]);
  const write = (name: WrappedTableName) => ({
    sink: sinks[name],
    outputMode: "complete" as const,
  });
  return [
    group(events, "wrapped_songs")
      .agg({
        streams: sum(isStream),
        first_stream_day: min(streamDay),
      })
      .writeStream("wrapped_songs", write("wrapped_songs")),
    group(events, "wrapped_days")
      .agg({
        events: count(),
        listened_ms: sum(listened),
        streams: sum(isStream),
        popularity: sum("popularity"),
      })
      .writeStream("wrapped_days", write("wrapped_days")),
    group(streams, "wrapped_months")
      .agg({ streams: count() })
      .writeStream("wrapped_months", write("wrapped_months")),
    group(events, "wrapped_years")
      .agg({ events: count(), streams: sum(isStream) })
      .writeStream("wrapped_years", write("wrapped_years")),
    group(events, "wrapped_catalog")
      .agg({ events: count() })
      .writeStream("wrapped_catalog", write("wrapped_catalog")),
  ];
}
