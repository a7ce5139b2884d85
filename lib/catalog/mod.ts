/**
 * Song catalogues: the built-in deterministic one and a loader for the
 * Spotify "Top 2000s" CSV format.
 *
 * @example
 * ```ts
 * import { builtInCatalog, loadSpotifyCsv } from "./mod.ts";
 * const catalog = builtInCatalog(); // 10,000 songs by 1,500 artists
 * const top2000 = await loadSpotifyCsv("spotify-2000.csv");
 * ```
 *
 * @module
 */
export type { Catalog, Song } from "./song.ts";
export { createCatalog } from "./create_catalog.ts";
export type { CreateCatalogOptions } from "./create_catalog.ts";
export { builtInCatalog } from "./built_in_catalog.ts";
export type { BuiltInCatalogOptions } from "./built_in_catalog.ts";
export {
  loadSpotifyCsv,
  parseSpotifyCsv,
  SPOTIFY_CSV_COLUMNS,
} from "./load_spotify_csv.ts";
export type { ParseSpotifyCsvOptions } from "./load_spotify_csv.ts";
export { GENRE_SHARES, genreWeights } from "./genre_shares.ts";
export { CatalogFormatError } from "./catalog_format_error.ts";
export {
  catalogSummary,
  mostPopularSongs,
  songsPerYear,
} from "./catalog_summary.ts";
export type { CatalogSummary, PopularSong } from "./catalog_summary.ts";
