/**
 * Genres of the built-in catalogue and their shares, close to real market
 * shares: the core-genre shares are rounded from Luminate's 2024 Year-End
 * Music Report (U.S. on-demand audio streams: R&B/hip-hop about a quarter,
 * then rock, pop, country, Latin, dance/electronic, Christian/gospel, world
 * 2.4 %, jazz and classical about 1 % each); the split of a core genre into
 * the sub-genres named here is our assumption.
 *
 * @module
 */

/** Core genre → sub-genre → share of the catalogue's artists (sums to 1). */
export const GENRE_SHARES: Readonly<
  Record<string, Readonly<Record<string, number>>>
> = Object.freeze({
  "R&B/hip-hop": { "hip hop": 0.13, rap: 0.06, "r&b": 0.05, trap: 0.03 },
  rock: {
    rock: 0.07,
    "classic rock": 0.04,
    "alternative rock": 0.03,
    "indie rock": 0.02,
    metal: 0.02,
    "punk rock": 0.01,
  },
  pop: { pop: 0.11, "dance pop": 0.025, "indie pop": 0.015, "k-pop": 0.015 },
  country: { country: 0.075, "country pop": 0.02 },
  latin: { reggaeton: 0.04, "latin pop": 0.02, "regional mexicano": 0.02 },
  "dance/electronic": { edm: 0.015, house: 0.015, techno: 0.01 },
  "christian/gospel": { christian: 0.015, gospel: 0.01 },
  world: { afrobeats: 0.012, reggae: 0.012 },
  "folk/singer-songwriter": { folk: 0.029, "singer-songwriter": 0.015 },
  soundtrack: { soundtrack: 0.015 },
  "children's": { "children's music": 0.01 },
  jazz: { jazz: 0.01 },
  classical: { classical: 0.01 },
  blues: { blues: 0.005 },
  "soul/funk": { soul: 0.011, funk: 0.006 },
});

/**
 * Sub-genre → share, flattened from {@linkcode GENRE_SHARES}.
 *
 * @returns `[genre, share]` pairs in table order.
 */
export function genreWeights(): [string, number][] {
  return Object.values(GENRE_SHARES).flatMap((subs) => Object.entries(subs));
}
