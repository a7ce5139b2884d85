/**
 * The partial aggregates every result table is derived from. A batch run
 * computes them with one polars `groupBy` each; the streaming run keeps them
 * as (windowed) engine state. Both rank them the same way
 * ({@linkcode RANKINGS}) and assemble the same tables, so the two can only
 * differ where their aggregates differ.
 *
 * @module
 */
import pl from "nodejs-polars";
import { int } from "./_int.ts";
import type { WindowSpec } from "../engine/mod.ts";
import { DAY_VS_NIGHT_WINDOW, SLIDING_WINDOW } from "./result_tables.ts";

/** One partial aggregate: a filtered count (and sums) grouped by keys. */
export interface AggregateSpec {
  /** Count only `played` records (plays) instead of every record (events). */
  playsOnly: boolean;
  /** Group-by columns (after the window, when there is one). */
  keys: readonly string[];
  /** Name of the count column: `"events"` or `"plays"`. */
  count: "events" | "plays";
  /** Output column → input column to sum. */
  sums?: Readonly<Record<string, string>>;
  /** Event-time window on `start_time`; the group then starts with `window_start`. */
  window?: Readonly<WindowSpec>;
}

/** The aggregate names. */
export type AggregateName =
  | "country_events"
  | "country_artist_events"
  | "interaction_events"
  | "personality_songs"
  | "personality_artists"
  | "personality_genres"
  | "personality_listening"
  | "time_of_day_songs"
  | "day_vs_night"
  | "sliding";

/** Every aggregate the result tables need, by name. */
export const AGGREGATES: Readonly<Record<AggregateName, AggregateSpec>> = {
  country_events: {
    playsOnly: false,
    keys: ["personality", "country"],
    count: "events",
  },
  country_artist_events: {
    playsOnly: false,
    keys: ["country", "artist"],
    count: "events",
  },
  interaction_events: {
    playsOnly: false,
    keys: ["personality", "interaction"],
    count: "events",
  },
  personality_songs: {
    playsOnly: true,
    keys: ["personality", "song_name", "artist"],
    count: "plays",
  },
  personality_artists: {
    playsOnly: true,
    keys: ["personality", "artist"],
    count: "plays",
  },
  personality_genres: {
    playsOnly: true,
    keys: ["personality", "genre"],
    count: "plays",
  },
  personality_listening: {
    playsOnly: true,
    keys: ["personality"],
    count: "plays",
    sums: { length_seconds: "length_seconds", listened_ms: "listened_ms" },
  },
  time_of_day_songs: {
    playsOnly: true,
    keys: ["time_of_day", "song_name", "artist"],
    count: "plays",
  },
  day_vs_night: {
    playsOnly: true,
    keys: ["time_of_day", "song_name", "artist"],
    count: "plays",
    window: DAY_VS_NIGHT_WINDOW,
  },
  sliding: {
    playsOnly: true,
    keys: ["song_name", "artist"],
    count: "plays",
    window: SLIDING_WINDOW,
  },
};

/**
 * The aggregate DataFrames, by name. Window aggregates start with
 * `window_start` and `window_end` as ISO-8601 UTC strings (as the engine
 * emits them), then the keys, the count and the sums.
 */
export type Aggregates = Record<AggregateName, pl.DataFrame>;

/**
 * Computes one aggregate over prepared events in a single batch: every
 * record in the window(s) containing its `start_time` (a window is
 * `[start, start + size)`, starts aligned to the epoch).
 *
 * @param events Prepared events ({@linkcode prepareEvents}).
 * @param spec The aggregate.
 * @returns Window bounds (ISO-8601), group columns, the count (Int64) and
 *   sums (Int64).
 */
export function batchAggregate(
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
export function withWindowStarts(
  events: pl.DataFrame,
  window: Readonly<WindowSpec>,
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
