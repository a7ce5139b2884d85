/**
 * Finishes the result tables (DESIGN §4.6) from the partial aggregates:
 * top-N and ranks, windows as ISO-8601 strings, favourites and listening
 * time. Shared by the batch and the streaming computation.
 *
 * @module
 */
import pl from "nodejs-polars";
import type { AggregateName, Aggregates } from "./aggregates.ts";
import { topN } from "./_top_n.ts";
import {
  TABLE_COLUMNS,
  TABLE_NAMES,
  type TableName,
  TOP_N,
} from "./result_tables.ts";

/** Every result table as a polars DataFrame with exactly its JSON columns. */
export type AnalysisTables = Record<TableName, pl.DataFrame>;

function shape(df: pl.DataFrame, table: TableName): pl.DataFrame {
  return df.select(...TABLE_COLUMNS[table]);
}

/** Top 10 songs per window (and `partition`), windows as ISO-8601 strings. */
export function windowedTopSongs(
  agg: pl.DataFrame,
  partition: readonly string[],
): pl.DataFrame {
  return topN(agg, {
    partitionBy: ["window_start", ...partition],
    count: "plays",
    keys: ["song_name", "artist"],
    limit: TOP_N,
  });
}

function favourite(
  songs: pl.DataFrame,
  keys: string[],
  names: string[],
): pl.DataFrame {
  const agg = songs.groupBy(["personality", ...keys]).agg(
    pl.col("plays").sum().cast(pl.Int64).alias("plays"),
  );
  const top = topN(agg, {
    partitionBy: ["personality"],
    count: "plays",
    keys,
    limit: 1,
  });
  return top.select(
    pl.col("personality"),
    ...keys.map((key, i) => pl.col(key).alias(names[i])),
    pl.col("plays").alias(names[names.length - 1]),
  );
}

/**
 * Plays, total and average `length_seconds` and time actually listened per
 * personality. The integer sums come from polars; the divisions are done in
 * JS, because polars divides by a scalar via its reciprocal (off by an ulp).
 */
function listeningTime(songs: pl.DataFrame): pl.DataFrame {
  const sums = songs.groupBy("personality").agg(
    pl.col("plays").sum().cast(pl.Int64).alias("plays"),
    pl.col("length_seconds").sum().cast(pl.Int64).alias("length"),
    pl.col("listened_ms").sum().cast(pl.Int64).alias("listened"),
  ).sort("personality");
  const plays = sums.getColumn("plays").toArray() as number[];
  const length = sums.getColumn("length").toArray() as number[];
  const listened = sums.getColumn("listened").toArray() as number[];
  return pl.DataFrame([
    sums.getColumn("personality"),
    pl.Series("plays", plays, pl.Int64),
    pl.Series("total_minutes", length.map((s) => s / 60), pl.Float64),
    pl.Series("avg_seconds", length.map((s, i) => s / plays[i]), pl.Float64),
    pl.Series(
      "listened_minutes",
      listened.map((ms) => ms / 60_000),
      pl.Float64,
    ),
  ]);
}

/** Which result tables each aggregate feeds. */
export const TABLES_OF_AGGREGATE: Readonly<
  Record<AggregateName, readonly TableName[]>
> = {
  country_events: ["top_countries_per_personality"],
  country_artist_events: ["top_artist_per_country"],
  interaction_events: ["personality_favourites"],
  personality_songs: [
    "personality_favourites",
    "listening_time_per_personality",
  ],
  time_of_day_songs: ["night_top10", "morning_top10", "time_of_day"],
  day_vs_night: ["day_vs_night_windows"],
  sliding: ["sliding_top_songs"],
};

function songsOfBucket(todSongs: pl.DataFrame, bucket: string): pl.DataFrame {
  return topN(todSongs.filter(pl.col("time_of_day").eq(pl.lit(bucket))), {
    partitionBy: [],
    count: "plays",
    keys: ["song_name", "artist"],
    limit: TOP_N,
  });
}

function favourites(aggregates: Aggregates): pl.DataFrame {
  const interactions = topN(aggregates.interaction_events, {
    partitionBy: ["personality"],
    count: "events",
    keys: ["interaction"],
    limit: 1,
  }).select(
    pl.col("personality"),
    pl.col("interaction").alias("top_interaction"),
    pl.col("events").alias("top_interaction_events"),
  );
  const songs = aggregates.personality_songs;
  return interactions
    .join(
      favourite(songs, ["song_name", "artist"], [
        "top_song",
        "top_song_artist",
        "top_song_plays",
      ]),
      { on: "personality", how: "left" },
    )
    .join(favourite(songs, ["artist"], ["top_artist", "top_artist_plays"]), {
      on: "personality",
      how: "left",
    })
    .join(favourite(songs, ["genre"], ["top_genre", "top_genre_plays"]), {
      on: "personality",
      how: "left",
    })
    .sort("personality");
}

/** How each table is built from the aggregates. */
const BUILDERS: Readonly<
  Record<TableName, (aggregates: Aggregates) => pl.DataFrame>
> = {
  top_countries_per_personality: (a) =>
    topN(a.country_events, {
      partitionBy: ["personality"],
      count: "events",
      keys: ["country"],
      limit: TOP_N,
    }),
  top_artist_per_country: (a) =>
    topN(a.country_artist_events, {
      partitionBy: ["country"],
      count: "events",
      keys: ["artist"],
      limit: 1,
    }),
  night_top10: (a) => songsOfBucket(a.time_of_day_songs, "night"),
  morning_top10: (a) => songsOfBucket(a.time_of_day_songs, "morning"),
  time_of_day: (a) =>
    a.time_of_day_songs.sort({
      by: ["time_of_day", "plays", "song_name", "artist"],
      descending: [false, true, false, false],
    }),
  day_vs_night_windows: (a) =>
    windowedTopSongs(a.day_vs_night, ["time_of_day"]),
  sliding_top_songs: (a) => windowedTopSongs(a.sliding, []),
  personality_favourites: favourites,
  listening_time_per_personality: (a) => listeningTime(a.personality_songs),
};

/**
 * Builds result tables from the aggregates.
 *
 * @param aggregates The partial aggregates (counts Int64); only those the
 *   requested tables need ({@linkcode TABLES_OF_AGGREGATE}) must be set.
 * @param names The tables to build. Default all.
 * @returns The tables, each sorted by its group columns then rank, with
 *   exactly its JSON columns.
 */
export function tablesFromAggregates(
  aggregates: Aggregates,
  names: readonly TableName[] = TABLE_NAMES,
): AnalysisTables {
  const tables = {} as AnalysisTables;
  for (const name of names) {
    tables[name] = shape(BUILDERS[name](aggregates), name);
  }
  return tables;
}
