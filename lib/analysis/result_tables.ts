/**
 * The result tables of `deno task analyze` (DESIGN §4.6): their file
 * names, columns, row types and the windows they use.
 *
 * @module
 */
import { window, type WindowSpec } from "../engine/mod.ts";

/** The table names; `<name>.json` is each table's file. */
export const TABLE_NAMES = [
  "top_countries_per_personality",
  "top_artist_per_country",
  "night_top10",
  "morning_top10",
  "time_of_day",
  "day_vs_night_windows",
  "sliding_top_songs",
  "personality_favourites",
  "listening_time_per_personality",
] as const;

/** One of {@linkcode TABLE_NAMES}. */
export type TableName = typeof TABLE_NAMES[number];

/** The columns of each table, in order (the keys of each JSON row). */
export const TABLE_COLUMNS: Readonly<Record<TableName, readonly string[]>> = {
  top_countries_per_personality: ["personality", "country", "events", "rank"],
  top_artist_per_country: ["country", "artist", "events"],
  night_top10: ["song_name", "artist", "plays", "rank"],
  morning_top10: ["song_name", "artist", "plays", "rank"],
  time_of_day: ["time_of_day", "song_name", "artist", "plays"],
  day_vs_night_windows: [
    "window_start",
    "window_end",
    "time_of_day",
    "song_name",
    "artist",
    "plays",
    "rank",
  ],
  sliding_top_songs: [
    "window_start",
    "window_end",
    "song_name",
    "artist",
    "plays",
    "rank",
  ],
  personality_favourites: [
    "personality",
    "top_interaction",
    "top_interaction_events",
    "top_song",
    "top_song_artist",
    "top_song_plays",
    "top_artist",
    "top_artist_plays",
    "top_genre",
    "top_genre_plays",
  ],
  listening_time_per_personality: [
    "personality",
    "plays",
    "total_minutes",
    "avg_seconds",
    "listened_minutes",
  ],
};

/**
 * What each table holds, one sentence per table (DESIGN §4.6); `deno task
 * docs` writes them into `docs/tables.md`.
 */
export const TABLE_DEFINITIONS: Readonly<Record<TableName, string>> = {
  top_countries_per_personality: "top 10 countries by events per personality",
  top_artist_per_country:
    "the top artist by events of each country (one row per country)",
  night_top10:
    "top 10 songs by plays at night (22:00-05:59, the listener's local time)",
  morning_top10:
    "top 10 songs by plays in the morning (06:00-11:59, local time)",
  time_of_day:
    "plays per time-of-day bucket (night, morning, afternoon, evening) and song, all songs",
  day_vs_night_windows:
    "6-hour tumbling windows with a 1-hour watermark: top 10 songs by plays per (window, time of day)",
  sliding_top_songs:
    "1-hour windows sliding every 30 minutes with a 1-hour watermark: top 10 songs by plays per window",
  personality_favourites:
    "per personality: the interaction with most events; the song, artist and genre with most plays",
  listening_time_per_personality:
    "per personality, over plays: Σ length_seconds / 60, mean length_seconds, and Σ (end − start) / 60000",
};

/** A row of `top_countries_per_personality.json`. */
export interface TopCountryRow {
  personality: string;
  country: string;
  events: number;
  rank: number;
}

/** A row of `top_artist_per_country.json`. */
export interface TopArtistRow {
  country: string;
  artist: string;
  events: number;
}

/** A row of `night_top10.json` and `morning_top10.json`. */
export interface TopSongRow {
  song_name: string;
  artist: string;
  plays: number;
  rank: number;
}

/** A row of `time_of_day.json`. */
export interface TimeOfDayRow {
  time_of_day: string;
  song_name: string;
  artist: string;
  plays: number;
}

/** A row of `day_vs_night_windows.json`; times are ISO-8601 UTC. */
export interface DayVsNightRow {
  window_start: string;
  window_end: string;
  time_of_day: string;
  song_name: string;
  artist: string;
  plays: number;
  rank: number;
}

/** A row of `sliding_top_songs.json`; times are ISO-8601 UTC. */
export interface SlidingTopSongRow {
  window_start: string;
  window_end: string;
  song_name: string;
  artist: string;
  plays: number;
  rank: number;
}

/**
 * A row of `personality_favourites.json`. The song, artist and genre fields
 * are `null` for a personality with events but no plays.
 */
export interface PersonalityFavouritesRow {
  personality: string;
  top_interaction: string;
  top_interaction_events: number;
  top_song: string | null;
  top_song_artist: string | null;
  top_song_plays: number | null;
  top_artist: string | null;
  top_artist_plays: number | null;
  top_genre: string | null;
  top_genre_plays: number | null;
}

/** A row of `listening_time_per_personality.json` (numbers not rounded). */
export interface ListeningTimeRow {
  personality: string;
  plays: number;
  total_minutes: number;
  avg_seconds: number;
  listened_minutes: number;
}

/** The row type of each table. */
export interface TableRows {
  top_countries_per_personality: TopCountryRow[];
  top_artist_per_country: TopArtistRow[];
  night_top10: TopSongRow[];
  morning_top10: TopSongRow[];
  time_of_day: TimeOfDayRow[];
  day_vs_night_windows: DayVsNightRow[];
  sliding_top_songs: SlidingTopSongRow[];
  personality_favourites: PersonalityFavouritesRow[];
  listening_time_per_personality: ListeningTimeRow[];
}

/** `day_vs_night_windows`: 6-hour tumbling windows on `start_time`. */
export const DAY_VS_NIGHT_WINDOW: WindowSpec<"start_time"> = window(
  "start_time",
  "6 hours",
);

/** `sliding_top_songs`: 1-hour windows on `start_time` sliding every 30 minutes. */
export const SLIDING_WINDOW: WindowSpec<"start_time"> = window(
  "start_time",
  "1 hour",
  "30 minutes",
);

/**
 * The watermark delay of the windowed tables: a window that ends at or
 * before the latest event time minus this is closed, and a row arriving
 * for it is late (for that window only).
 */
export const WATERMARK_DELAY_MS = 3_600_000;

/** How many rows the top-N tables keep per group. */
export const TOP_N = 10;
