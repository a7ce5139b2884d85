/**
 * Builds the generator's indexes over a list of songs.
 *
 * @module
 */
import type { Catalog, Song } from "./song.ts";

/** Options of {@linkcode createCatalog}. */
export interface CreateCatalogOptions {
  /** Where the songs came from. Default `"songs"`. */
  source?: string;
}

/**
 * Indexes `songs` as a {@linkcode Catalog}: artists, each artist's songs,
 * and the first year of the most recent quarter.
 *
 * @param songs At least one song.
 * @param options The source named in the catalogue.
 * @returns The catalogue.
 * @throws {RangeError} When `songs` is empty.
 */
export function createCatalog(
  songs: readonly Song[],
  options: CreateCatalogOptions = {},
): Catalog {
  if (songs.length === 0) {
    throw new RangeError("a catalogue needs at least one song: got 0");
  }
  const artistIndex = new Map<string, number>();
  const artistOf = new Int32Array(songs.length);
  const lists: number[][] = [];
  songs.forEach((song, i) => {
    let a = artistIndex.get(song.artist);
    if (a === undefined) {
      a = artistIndex.size;
      artistIndex.set(song.artist, a);
      lists.push([]);
    }
    artistOf[i] = a;
    lists[a].push(i);
  });
  const years = songs.map((s) => s.year).sort((a, b) => a - b);
  const recentYear = years[Math.floor(years.length * 0.75)];
  return Object.freeze({
    source: options.source ?? "songs",
    songs: Object.freeze([...songs]),
    artists: Object.freeze([...artistIndex.keys()]),
    artistOf,
    songsByArtist: Object.freeze(lists.map((l) => Int32Array.from(l))),
    recentYear,
  });
}
