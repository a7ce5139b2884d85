/**
 * What a catalogue holds, in figures a reader can check: sizes, the span of
 * release years, the most popular songs and the songs per year.
 *
 * @module
 */
import type { Catalog } from "./song.ts";

/** The catalogue in one row (see {@linkcode catalogSummary}). */
export interface CatalogSummary {
  /** `"built-in"` or the CSV path. */
  source: string;
  /** Number of songs. */
  songs: number;
  /** Number of artists. */
  artists: number;
  /** Number of distinct genres. */
  genres: number;
  /** `"first–last"` release year. */
  "release years": string;
  /** First year of the most recent quarter (the Newness axis' "new"). */
  "recent from": number;
}

/** A song as shown in a table: length as `m:ss`. */
export interface PopularSong {
  title: string;
  artist: string;
  genre: string;
  year: number;
  popularity: number;
  /** Length as `m:ss`. */
  length: string;
}

/**
 * Sizes and span of a catalogue.
 *
 * @param catalog The catalogue.
 * @returns One summary row.
 */
export function catalogSummary(catalog: Catalog): CatalogSummary {
  const years = catalog.songs.map((s) => s.year);
  return {
    source: catalog.source,
    songs: catalog.songs.length,
    artists: catalog.artists.length,
    genres: new Set(catalog.songs.map((s) => s.genre)).size,
    "release years": `${Math.min(...years)}–${Math.max(...years)}`,
    "recent from": catalog.recentYear,
  };
}

/**
 * The most popular songs (ties by title).
 *
 * @param catalog The catalogue.
 * @param n How many (default 10).
 * @returns Up to `n` songs, most popular first.
 */
export function mostPopularSongs(catalog: Catalog, n = 10): PopularSong[] {
  return [...catalog.songs]
    .sort((a, b) =>
      b.popularity - a.popularity || a.title.localeCompare(b.title)
    )
    .slice(0, n)
    .map((s) => ({
      title: s.title,
      artist: s.artist,
      genre: s.genre,
      year: s.year,
      popularity: s.popularity,
      length: `${Math.floor(s.lengthSeconds / 60)}:${
        String(s.lengthSeconds % 60).padStart(2, "0")
      }`,
    }));
}

/**
 * How many songs were released each year.
 *
 * @param catalog The catalogue.
 * @returns One row per year that has songs, in year order.
 */
export function songsPerYear(
  catalog: Catalog,
): { year: number; songs: number }[] {
  const counts = new Map<number, number>();
  for (const song of catalog.songs) {
    counts.set(song.year, (counts.get(song.year) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => a[0] - b[0])
    .map(([year, songs]) => ({ year, songs }));
}
