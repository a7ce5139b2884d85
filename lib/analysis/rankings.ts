/**
 * The rankings the result tables show: each a top-N per group of one
 * aggregate, ordered by its count descending, then its keys ascending
 * (DESIGN §4.6).
 *
 * @module
 */
import type pl from "nodejs-polars";
import type { AggregateName } from "./aggregates.ts";
import { TOP_N } from "./result_tables.ts";
import { topN } from "../engine/mod.ts";

/** A top-N per group of one aggregate. */
export interface RankingSpec {
  /** The aggregate ranked. */
  aggregate: AggregateName;
  /** Each distinct value of these columns gets its own ranking. */
  partitionBy: readonly string[];
  /** The count ranked by, descending. */
  count: "events" | "plays";
  /** Tie-breaking keys, ascending. */
  keys: readonly string[];
  /** Rows kept per group. */
  limit: number;
}

/** The ranking names. */
export type RankingName =
  | "top_countries"
  | "top_artist"
  | "time_of_day_top"
  | "favourite_interaction"
  | "favourite_song"
  | "favourite_artist"
  | "favourite_genre"
  | "day_vs_night_top"
  | "sliding_top";

/** Every ranking, by name. */
export const RANKINGS: Readonly<Record<RankingName, RankingSpec>> = {
  top_countries: {
    aggregate: "country_events",
    partitionBy: ["personality"],
    count: "events",
    keys: ["country"],
    limit: TOP_N,
  },
  top_artist: {
    aggregate: "country_artist_events",
    partitionBy: ["country"],
    count: "events",
    keys: ["artist"],
    limit: 1,
  },
  time_of_day_top: {
    aggregate: "time_of_day_songs",
    partitionBy: ["time_of_day"],
    count: "plays",
    keys: ["song_name", "artist"],
    limit: TOP_N,
  },
  favourite_interaction: {
    aggregate: "interaction_events",
    partitionBy: ["personality"],
    count: "events",
    keys: ["interaction"],
    limit: 1,
  },
  favourite_song: {
    aggregate: "personality_songs",
    partitionBy: ["personality"],
    count: "plays",
    keys: ["song_name", "artist"],
    limit: 1,
  },
  favourite_artist: {
    aggregate: "personality_artists",
    partitionBy: ["personality"],
    count: "plays",
    keys: ["artist"],
    limit: 1,
  },
  favourite_genre: {
    aggregate: "personality_genres",
    partitionBy: ["personality"],
    count: "plays",
    keys: ["genre"],
    limit: 1,
  },
  day_vs_night_top: {
    aggregate: "day_vs_night",
    partitionBy: ["window_start", "time_of_day"],
    count: "plays",
    keys: ["song_name", "artist"],
    limit: TOP_N,
  },
  sliding_top: {
    aggregate: "sliding",
    partitionBy: ["window_start"],
    count: "plays",
    keys: ["song_name", "artist"],
    limit: TOP_N,
  },
};

/**
 * Ranks an aggregate (all of it, or any subset holding whole groups).
 *
 * @param aggregate Rows of the ranking's aggregate.
 * @param spec The ranking.
 * @returns The top rows of each group with a 1-based `rank`, ordered by
 *   group then rank.
 */
export function rank(aggregate: pl.DataFrame, spec: RankingSpec): pl.DataFrame {
  return topN(aggregate, {
    by: spec.partitionBy,
    orderBy: spec.count,
    n: spec.limit,
    tieBreak: spec.keys,
  });
}
