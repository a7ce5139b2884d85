/**
 * Assembles the result tables (DESIGN §4.6) from the rankings and the two
 * aggregates shown whole.
 *
 * @module
 */
import pl from "nodejs-polars";
import type { RankingName } from "./rankings.ts";
import { TABLE_COLUMNS, TABLE_NAMES, type TableName } from "./result_tables.ts";

/** Every result table as a polars DataFrame with exactly its JSON columns. */
export type AnalysisTables = Record<TableName, pl.DataFrame>;

/** The ranked rows of every ranking. */
export type Rankings = Record<RankingName, pl.DataFrame>;

/** What the tables are assembled from. */
export interface TableParts {
  /** Every ranking. */
  rankings: Rankings;
  /** Plays per (time of day, song), all of them. */
  time_of_day_songs: pl.DataFrame;
  /** Plays and sums per personality. */
  personality_listening: pl.DataFrame;
}

/** A part of {@linkcode TableParts}: a ranking or a whole aggregate. */
export type PartName =
  | RankingName
  | "time_of_day_songs"
  | "personality_listening";

/** Which tables each part feeds. */
export const TABLES_OF_PART: Readonly<Record<PartName, readonly TableName[]>> =
  {
    top_countries: ["top_countries_per_personality"],
    top_artist: ["top_artist_per_country"],
    time_of_day_top: ["night_top10", "morning_top10"],
    favourite_interaction: ["personality_favourites"],
    favourite_song: ["personality_favourites"],
    favourite_artist: ["personality_favourites"],
    favourite_genre: ["personality_favourites"],
    day_vs_night_top: ["day_vs_night_windows"],
    sliding_top: ["sliding_top_songs"],
    time_of_day_songs: ["time_of_day"],
    personality_listening: ["listening_time_per_personality"],
  };

function favourites(r: Rankings): pl.DataFrame {
  const pick = (df: pl.DataFrame, columns: Record<string, string>) =>
    df.select(
      pl.col("personality"),
      ...Object.entries(columns).map(([from, to]) => pl.col(from).alias(to)),
    );
  return pick(r.favourite_interaction, {
    interaction: "top_interaction",
    events: "top_interaction_events",
  })
    .join(
      pick(r.favourite_song, {
        song_name: "top_song",
        artist: "top_song_artist",
        plays: "top_song_plays",
      }),
      { on: "personality", how: "left" },
    )
    .join(
      pick(r.favourite_artist, {
        artist: "top_artist",
        plays: "top_artist_plays",
      }),
      { on: "personality", how: "left" },
    )
    .join(
      pick(r.favourite_genre, { genre: "top_genre", plays: "top_genre_plays" }),
      { on: "personality", how: "left" },
    )
    .sort("personality");
}

/**
 * Plays, total and average `length_seconds` and time actually listened per
 * personality. The divisions are done in JS: polars divides by a scalar via
 * its reciprocal (off by an ulp), and the numbers are not rounded.
 */
function listeningTime(sums: pl.DataFrame): pl.DataFrame {
  const sorted = sums.sort("personality");
  const plays = sorted.getColumn("plays").toArray() as number[];
  const length = sorted.getColumn("length_seconds").toArray() as number[];
  const listened = sorted.getColumn("listened_ms").toArray() as number[];
  return pl.DataFrame([
    sorted.getColumn("personality").cast(pl.String),
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

function bucket(ranked: pl.DataFrame, name: string): pl.DataFrame {
  return ranked.filter(pl.col("time_of_day").eq(pl.lit(name)));
}

const BUILDERS: Readonly<Record<TableName, (p: TableParts) => pl.DataFrame>> = {
  top_countries_per_personality: (p) => p.rankings.top_countries,
  top_artist_per_country: (p) => p.rankings.top_artist,
  night_top10: (p) => bucket(p.rankings.time_of_day_top, "night"),
  morning_top10: (p) => bucket(p.rankings.time_of_day_top, "morning"),
  time_of_day: (p) =>
    p.time_of_day_songs.sort({
      by: ["time_of_day", "plays", "song_name", "artist"],
      descending: [false, true, false, false],
    }),
  day_vs_night_windows: (p) => p.rankings.day_vs_night_top,
  sliding_top_songs: (p) => p.rankings.sliding_top,
  personality_favourites: (p) => favourites(p.rankings),
  listening_time_per_personality: (p) => listeningTime(p.personality_listening),
};

/**
 * Assembles result tables from their parts.
 *
 * @param parts Rankings and whole aggregates (only those the requested
 *   tables need, see {@linkcode TABLES_OF_PART}, must be set).
 * @param names The tables to build. Default all.
 * @returns The tables, with exactly their JSON columns (Int64 counts).
 */
export function assembleTables(
  parts: TableParts,
  names: readonly TableName[] = TABLE_NAMES,
): AnalysisTables {
  const tables = {} as AnalysisTables;
  for (const name of names) {
    tables[name] = shapeTable(name, BUILDERS[name](parts));
  }
  return tables;
}

/**
 * Selects exactly a table's columns, in order, with counts as Int64.
 *
 * @param name The table.
 * @param df Rows holding (at least) the table's columns.
 * @returns The shaped rows.
 */
export function shapeTable(name: TableName, df: pl.DataFrame): pl.DataFrame {
  return df.select(
    ...TABLE_COLUMNS[name].map((c) =>
      c === "plays" || c === "events" || c === "rank" || c.endsWith("_plays") ||
        c.endsWith("_events")
        ? pl.col(c).cast(pl.Int64)
        : pl.col(c)
    ),
  );
}
