/**
 * The partial aggregates every result table is derived from: one engine
 * query each ({@linkcode analysisQueries}), kept as (windowed) engine
 * state, then ranked ({@linkcode RANKINGS}) and assembled into the tables.
 *
 * @module
 */
import pl from "nodejs-polars";
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
 * An empty aggregate with the columns and types its query emits: window
 * bounds (ISO-8601 strings), the keys (strings), the count and the sums
 * (Int64).
 *
 * @param spec The aggregate.
 * @returns A DataFrame without rows.
 */
export function emptyAggregate(spec: AggregateSpec): pl.DataFrame {
  const text = [
    ...(spec.window ? ["window_start", "window_end"] : []),
    ...spec.keys,
  ];
  const counts = [spec.count, ...Object.keys(spec.sums ?? {})];
  return pl.DataFrame([
    ...text.map((name) => pl.Series(name, [], pl.String)),
    ...counts.map((name) => pl.Series(name, [], pl.Int64)),
  ]);
}
