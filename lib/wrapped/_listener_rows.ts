/**
 * Reads the per-listener tables into one record of plain values per
 * listener: totals, top lists, busiest day, streak, years and months.
 * The heavy work (sorting, ranking, per-listener heads) runs in polars.
 *
 * @module
 */
import pl from "nodejs-polars";
import type { WrappedTableName } from "./wrapped_queries.ts";
import {
  firstPerUser,
  isoDay,
  numberPerUser,
  rowsByUser,
} from "./_per_user.ts";
import type { MonthGenre } from "./_music_evolution.ts";
import type {
  Discovery,
  TopArtist,
  TopGenre,
  TopSong,
} from "./wrapped_listener.ts";

/** Entries in each top list. */
export const TOP_K = 5;
/** A discovery's first stream comes at least this many days after the listener's first. */
export const DISCOVERY_AFTER_DAYS = 28;
/** A discovery ranks among the listener's this many top artists. */
export const FAVOURITE_RANK = 20;

/** One listener's values. */
export interface ListenerRows {
  personality: string;
  events: number;
  listenedMs: number;
  streams: number;
  popularity: number;
  /** Distinct songs / artists over all events (for the axis metrics). */
  songsHeard: number;
  artistsHeard: number;
  /** Distinct songs / artists over streams. */
  distinctSongs: number;
  distinctArtists: number;
  topSongs: TopSong[];
  topArtists: TopArtist[];
  topGenres: TopGenre[];
  fanPercent: number | null;
  busiestDay: number;
  topDayPart: number;
  longestStreak: number;
  yearEvents: Map<number, number>;
  yearStreams: Map<number, number>;
  monthGenres: MonthGenre[];
  discoveries: Discovery[];
}

type Tables = Readonly<Record<WrappedTableName, pl.DataFrame>>;
type Row = Record<string, unknown> & { user_id: number };

const f64 = (name: string) => pl.col(name).cast(pl.Float64);

/**
 * First release year of the most recent quarter of the songs heard (as
 * `Catalog.recentYear` over the catalogue): the year at position
 * ⌊0.75 n⌋ of the n songs' years in order.
 *
 * @param catalog The `wrapped_catalog` table.
 * @returns The year; `Infinity` when no song was heard.
 */
export function recentYearOf(catalog: pl.DataFrame): number {
  const years = (catalog.getColumn("year").toArray() as number[])
    .map(Number).sort((a, b) => a - b);
  return years.length ? years[Math.floor(years.length * 0.75)] : Infinity;
}

function totals(days: pl.DataFrame): pl.DataFrame {
  return days.lazy().groupBy("user_id").agg(
    pl.col("personality").min().alias("personality"),
    f64("events").sum().alias("events"),
    f64("listened_ms").sum().alias("listened_ms"),
    f64("streams").sum().alias("streams"),
    f64("popularity").sum().alias("popularity"),
  ).collectSync();
}

function busiest(days: pl.DataFrame): pl.DataFrame {
  const day = firstPerUser(
    days.lazy().groupBy(["user_id", "local_day"]).agg(
      f64("listened_ms").sum().alias("ms"),
    ),
    ["ms", "local_day"],
    [true, false],
    1,
  ).select("user_id", "local_day");
  const part = firstPerUser(
    days.lazy().groupBy(["user_id", "day_part"]).agg(
      f64("listened_ms").sum().alias("ms"),
    ),
    ["ms", "day_part"],
    [true, false],
    1,
  ).select("user_id", "day_part");
  const runs = numberPerUser(
    days.lazy().filter(pl.col("streams").gt(0))
      .select("user_id", "local_day").unique()
      .sort(["user_id", "local_day"]),
    "_i",
  ).withColumns(
    pl.col("local_day").cast(pl.Int64).sub(pl.col("_i")).alias("_run"),
  )
    .groupBy(["user_id", "_run"]).agg(pl.len().alias("n"))
    .groupBy("user_id").agg(f64("n").max().alias("streak"));
  return day.join(part, { on: "user_id" })
    .join(runs, { on: "user_id", how: "left" })
    .collectSync();
}

function songLists(songs: pl.DataFrame) {
  const counts = songs.lazy().groupBy("user_id").agg(
    pl.len().cast(pl.Float64).alias("heard"),
    pl.col("streams").gt(0).cast(pl.Float64).sum().alias("distinct"),
  ).collectSync();
  const top = firstPerUser(
    songs.lazy().filter(pl.col("streams").gt(0)),
    ["streams", "song_name", "artist"],
    [true, false, false],
    TOP_K,
  ).select("user_id", "song_name", "artist", f64("streams")).collectSync();
  return { counts, top };
}

function artistLists(artists: pl.DataFrame) {
  const counts = artists.lazy().groupBy("user_id").agg(
    pl.len().cast(pl.Float64).alias("heard"),
    pl.col("streams").gt(0).cast(pl.Float64).sum().alias("distinct"),
    pl.col("first_stream_day").min().alias("first_day"),
  );
  const ranked = firstPerUser(
    artists.lazy().filter(pl.col("streams").gt(0)).withColumns(
      pl.col("streams").rank("min", true).over("artist").cast(pl.Float64)
        .alias("fan_rank"),
      pl.col("user_id").count().over("artist").cast(pl.Float64).alias("fans"),
    ),
    ["streams", "artist"],
    [true, false],
    FAVOURITE_RANK,
  ).join(counts.select("user_id", "first_day"), { on: "user_id" });
  const top = ranked.filter(pl.col("_pos").ltEq(pl.lit(TOP_K)))
    .select(
      "user_id",
      "artist",
      f64("streams"),
      "_pos",
      pl.col("fan_rank").mul(pl.lit(100)).div(pl.col("fans")).alias("fan"),
    ).collectSync();
  const found = ranked.filter(
    pl.col("first_stream_day").cast(pl.Int64).gtEq(
      pl.col("first_day").cast(pl.Int64).add(pl.lit(DISCOVERY_AFTER_DAYS)),
    ),
  );
  const discoveries = firstPerUser(
    found.drop("_pos"),
    ["streams", "artist"],
    [true, false],
    TOP_K,
  ).select("user_id", "artist", f64("streams"), "first_stream_day")
    .collectSync();
  return { counts: counts.collectSync(), top, discoveries };
}

function genreLists(months: pl.DataFrame) {
  return firstPerUser(
    months.lazy().groupBy(["user_id", "genre"]).agg(
      f64("streams").sum().alias("streams"),
    ),
    ["streams", "genre"],
    [true, false],
    TOP_K,
  ).select("user_id", "genre", "streams").collectSync();
}

function byUser(df: pl.DataFrame): Map<number, Row[]> {
  return rowsByUser<Row>(df);
}

function one(map: Map<number, Row[]>, id: number): Row | undefined {
  return map.get(id)?.[0];
}

/**
 * Reads the tables into one {@linkcode ListenerRows} per listener (every
 * listener with at least one event in `wrapped_days`).
 *
 * @param tables The per-listener tables.
 * @returns Values per `user_id`.
 */
export function readListenerRows(tables: Tables): Map<number, ListenerRows> {
  const songs = songLists(tables.wrapped_songs);
  const artists = artistLists(
    tables.wrapped_songs.lazy().groupBy(["user_id", "artist"]).agg(
      pl.col("streams").sum(),
      pl.col("first_stream_day").min(),
    ).collectSync(),
  );
  const songCounts = byUser(songs.counts);
  const artistCounts = byUser(artists.counts);
  const topSongs = byUser(songs.top);
  const topArtists = byUser(artists.top);
  const found = byUser(artists.discoveries);
  const genres = byUser(genreLists(tables.wrapped_months));
  const days = byUser(busiest(tables.wrapped_days));
  const years = byUser(
    tables.wrapped_years.select(
      "user_id",
      f64("year"),
      f64("events"),
      f64("streams"),
    ),
  );
  const months = byUser(
    tables.wrapped_months.select(
      "user_id",
      f64("month"),
      "genre",
      f64("streams"),
    ),
  );
  const out = new Map<number, ListenerRows>();
  for (const t of totals(tables.wrapped_days).toRecords() as Row[]) {
    const id = Number(t.user_id);
    const sc = one(songCounts, id);
    const ac = one(artistCounts, id);
    const d = one(days, id)!;
    const tops = topArtists.get(id) ?? [];
    const streams = Number(t.streams);
    out.set(id, {
      personality: String(t.personality),
      events: Number(t.events),
      listenedMs: Number(t.listened_ms),
      streams,
      popularity: Number(t.popularity),
      songsHeard: Number(sc?.heard ?? 0),
      artistsHeard: Number(ac?.heard ?? 0),
      distinctSongs: Number(sc?.distinct ?? 0),
      distinctArtists: Number(ac?.distinct ?? 0),
      topSongs: (topSongs.get(id) ?? []).map((r) => ({
        song_name: String(r.song_name),
        artist: String(r.artist),
        streams: Number(r.streams),
      })),
      topArtists: tops.map((r) => ({
        artist: String(r.artist),
        streams: Number(r.streams),
      })),
      topGenres: (genres.get(id) ?? []).map((r) => ({
        genre: String(r.genre),
        streams: Number(r.streams),
      })),
      fanPercent: streams > 0 && tops.length > 0 ? Number(tops[0].fan) : null,
      busiestDay: Number(d.local_day),
      topDayPart: Number(d.day_part),
      longestStreak: Number(d.streak ?? 0),
      yearEvents: new Map(
        (years.get(id) ?? []).map((r) => [Number(r.year), Number(r.events)]),
      ),
      yearStreams: new Map(
        (years.get(id) ?? []).filter((r) => Number(r.streams) > 0)
          .map((r) => [Number(r.year), Number(r.streams)]),
      ),
      monthGenres: (months.get(id) ?? []).map((r) => {
        const m = Number(r.month);
        return {
          monthIndex: Math.floor(m / 100) * 12 + (m % 100) - 1,
          genre: String(r.genre),
          streams: Number(r.streams),
        };
      }),
      discoveries: (found.get(id) ?? []).map((r) => ({
        artist: String(r.artist),
        streams: Number(r.streams),
        first_streamed: isoDay(Number(r.first_stream_day)),
      })),
    });
  }
  return out;
}
