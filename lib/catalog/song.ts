/**
 * A song of the catalogue and the catalogue itself, indexed for fast
 * choices by the generator.
 *
 * @module
 */

/** One song: the fields the listening record copies. */
export interface Song {
  /** Title, e.g. `"Wind of Change"`. */
  readonly title: string;
  /** Artist, e.g. `"Scorpions"`. */
  readonly artist: string;
  /** Genre, e.g. `"german hard rock"`. */
  readonly genre: string;
  /** Release year. */
  readonly year: number;
  /** Popularity 0–100 (Spotify's scale). */
  readonly popularity: number;
  /** Danceability 0–100. */
  readonly danceability: number;
  /** Energy 0–100. */
  readonly energy: number;
  /** Length in whole seconds (≥ 1). */
  readonly lengthSeconds: number;
}

/** A song catalogue with the indexes the generator needs. */
export interface Catalog {
  /** Where it came from: `"built-in"` or the CSV path. */
  readonly source: string;
  /** The songs; a song's index is its id inside the generator. */
  readonly songs: readonly Song[];
  /** Distinct artist names. */
  readonly artists: readonly string[];
  /** Song index → artist index. */
  readonly artistOf: Int32Array;
  /** Artist index → indexes of the artist's songs. */
  readonly songsByArtist: readonly Int32Array[];
  /**
   * The first year of the catalogue's most recent quarter: the release year
   * at the 75th percentile, so songs with `year >= recentYear` are at least
   * a quarter of the catalogue (the Newness metric's "recent" songs).
   */
  readonly recentYear: number;
}
