/**
 * Finishes the result tables (DESIGN §4.6) from the partial aggregates:
 * top-N and ranks, windows as ISO-8601 strings, favourites and listening
 * time. Shared by the batch and the streaming computation.
 *
 * @module
 */
import pl from "nodejs-polars";
import type { Aggregates } from "./aggregates.ts";
import { int } from "./_int.ts";
import { topN } from "./_top_n.ts";
import {
  DAY_VS_NIGHT_WINDOW,
  SLIDING_WINDOW,
  TABLE_COLUMNS,
  type TableName,
  TOP_N,
} from "./result_tables.ts";

/** Every result table as a polars DataFrame with exactly its JSON columns. */
export type AnalysisTables = Record<TableName, pl.DataFrame>;

const ISO_FORMAT = "%Y-%m-%dT%H:%M:%S%.3fZ";

function iso(ms: pl.Expr): pl.Expr {
  return ms.cast(pl.Datetime("ms")).dt.strftime(ISO_FORMAT);
}

function shape(df: pl.DataFrame, table: TableName): pl.DataFrame {
  return df.select(...TABLE_COLUMNS[table]);
}

function windowed(
  agg: pl.DataFrame,
  partition: string[],
  sizeMs: number,
): pl.DataFrame {
  const ranked = topN(agg, {
    partitionBy: ["window_start", ...partition],
    count: "plays",
    keys: ["song_name", "artist"],
    limit: TOP_N,
  });
  return ranked.withColumns(
    iso(pl.col("window_start").add(int(sizeMs))).alias("window_end"),
    iso(pl.col("window_start")).alias("window_start"),
  );
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

/**
 * Builds every result table from the aggregates.
 *
 * @param aggregates The partial aggregates (counts Int64).
 * @returns The tables, each sorted by its group columns then rank.
 */
export function tablesFromAggregates(aggregates: Aggregates): AnalysisTables {
  const todSongs = aggregates.time_of_day_songs;
  const songsOfBucket = (bucket: string) =>
    topN(todSongs.filter(pl.col("time_of_day").eq(pl.lit(bucket))), {
      partitionBy: [],
      count: "plays",
      keys: ["song_name", "artist"],
      limit: TOP_N,
    });
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
  const favourites = interactions
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
  const tables: AnalysisTables = {
    top_countries_per_personality: topN(aggregates.country_events, {
      partitionBy: ["personality"],
      count: "events",
      keys: ["country"],
      limit: TOP_N,
    }),
    top_artist_per_country: topN(aggregates.country_artist_events, {
      partitionBy: ["country"],
      count: "events",
      keys: ["artist"],
      limit: 1,
    }),
    night_top10: songsOfBucket("night"),
    morning_top10: songsOfBucket("morning"),
    time_of_day: todSongs.sort({
      by: ["time_of_day", "plays", "song_name", "artist"],
      descending: [false, true, false, false],
    }),
    day_vs_night_windows: windowed(
      aggregates.day_vs_night,
      ["time_of_day"],
      DAY_VS_NIGHT_WINDOW.sizeMs,
    ),
    sliding_top_songs: windowed(aggregates.sliding, [], SLIDING_WINDOW.sizeMs),
    personality_favourites: favourites,
    listening_time_per_personality: listeningTime(songs),
  };
  for (const name of Object.keys(tables) as TableName[]) {
    tables[name] = shape(tables[name], name);
  }
  return tables;
}
