/**
 * Every listener's Wrapped from the per-listener tables the streaming
 * queries keep ({@linkcode WRAPPED_TABLES}).
 *
 * @module
 */
import type pl from "nodejs-polars";
import { type AxisThresholds, axisThresholds } from "./infer_personality.ts";
import { inferPersonality } from "./infer_personality.ts";
import { DAY_PARTS } from "../analysis/mod.ts";
import { listeningAge } from "./_listening_age.ts";
import { musicEvolution } from "./_music_evolution.ts";
import { isoDay } from "./_per_user.ts";
import {
  type ListenerRows,
  readListenerRows,
  recentYearOf,
} from "./_listener_rows.ts";
import type { WrappedTableName } from "./wrapped_queries.ts";
import type { AxisScores, WrappedListener } from "./wrapped_listener.ts";

/** The per-listener tables, as the queries' sinks read them. */
export type WrappedTables = Readonly<Record<WrappedTableName, pl.DataFrame>>;

/** Options of {@linkcode wrappedFromTables}. */
export interface WrappedFromTablesOptions {
  /**
   * Listeners with at least this many events form the population the axis
   * thresholds are drawn from (all listeners when none has). Default 200.
   */
  minEvents?: number;
  /**
   * The year listening ages are told in. Default: the year of the latest
   * local day in the tables.
   */
  referenceYear?: number;
}

/** What {@linkcode wrappedFromTables} returns. */
export interface WrappedResult {
  /** One Wrapped per listener, ordered by `user_id`. */
  listeners: WrappedListener[];
  /** The thresholds the inference used. */
  thresholds: AxisThresholds;
  /** First release year of the catalogue's most recent quarter, as seen. */
  recentYear: number;
}

function scoresOf(rows: ListenerRows, recentYear: number): AxisScores {
  const { events, songsHeard, artistsHeard } = rows;
  let recent = 0;
  for (const [year, n] of rows.yearEvents) if (year >= recentYear) recent += n;
  return {
    familiarity: songsHeard ? (songsHeard - artistsHeard) / songsHeard : 0,
    newness: events ? recent / events : 0,
    loyalty: events ? 1 - songsHeard / events : 0,
    commonality: events ? rows.popularity / events : 0,
  };
}

/**
 * Computes every listener's Wrapped (DESIGN §4.8) from the tables: top
 * lists, fan percentile, busiest day, streak, listening age, music
 * evolution, discoveries, and the personality inferred from the four axis
 * metrics placed against the population.
 *
 * @param tables The tables (e.g. from a finished or running stream).
 * @param options Population size for thresholds, reference year.
 * @returns Listeners by `user_id`, with the thresholds used.
 */
export function wrappedFromTables(
  tables: WrappedTables,
  options: WrappedFromTablesOptions = {},
): WrappedResult {
  const { minEvents = 200 } = options;
  const recentYear = recentYearOf(tables.wrapped_catalog);
  const rows = readListenerRows(tables);
  const everyone = new Map<number, number>();
  for (const r of rows.values()) {
    for (const [y, n] of r.yearStreams) {
      everyone.set(y, (everyone.get(y) ?? 0) + n);
    }
  }
  const maxDay = Number(tables.wrapped_days.getColumn("local_day").max() ?? 0);
  const referenceYear = options.referenceYear ??
    new Date(maxDay * 86_400_000).getUTCFullYear();
  const scores = new Map<number, AxisScores>();
  for (const [id, r] of rows) scores.set(id, scoresOf(r, recentYear));
  const big = [...rows.keys()].filter((id) =>
    rows.get(id)!.events >= minEvents
  );
  const population = (big.length > 0 ? big : [...rows.keys()])
    .map((id) => scores.get(id)!);
  const thresholds = axisThresholds(population);
  const listeners = [...rows.keys()].sort((a, b) => a - b).map((id) => {
    const r = rows.get(id)!;
    return {
      user_id: id,
      personality: r.personality,
      events: r.events,
      minutes_listened: r.listenedMs / 60_000,
      streams: r.streams,
      distinct_songs: r.distinctSongs,
      distinct_artists: r.distinctArtists,
      top_songs: r.topSongs,
      top_artists: r.topArtists,
      top_genres: r.topGenres,
      top_artist_fan_percent: r.fanPercent,
      busiest_day: isoDay(r.busiestDay),
      top_time_of_day: DAY_PARTS[r.topDayPart],
      longest_streak_days: r.longestStreak,
      inferred_personality: inferPersonality(scores.get(id)!, thresholds).name,
      axis_scores: scores.get(id)!,
      listening_age: listeningAge(r.yearStreams, everyone, referenceYear),
      music_evolution: musicEvolution(r.monthGenres),
      discoveries: r.discoveries,
    } satisfies WrappedListener;
  });
  return { listeners, thresholds, recentYear };
}
