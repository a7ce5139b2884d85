/**
 * The built-in, deterministic song catalogue: the default when no CSV is
 * given. Names come from faker (seeded), numbers from faker's seeded
 * generator, so the catalogue is the same on every machine and run.
 *
 * @module
 */
import type { Faker } from "@faker-js/faker";
// The English-only entry point loads in half the time of the full package
// (0.35 s vs 1.0 s, 46 vs 80 MB for a process that only imports it), but
// exports only its shared instance: its class makes the private ones.
import { faker as english } from "@faker-js/faker/locale/en";
import { createCatalog } from "./create_catalog.ts";
import { genreWeights } from "./genre_shares.ts";
import type { Catalog, Song } from "./song.ts";

/** Options of {@linkcode builtInCatalog}. */
export interface BuiltInCatalogOptions {
  /** Number of songs. Default 10,000 (at least 1). */
  songs?: number;
  /** Number of artists. Default 1,500 (at least 1, at most `songs`). */
  artists?: number;
  /** Latest release year. Default 2025. */
  latestYear?: number;
}

/** faker's seed for the catalogue: fixed, independent of `--seed`. */
const CATALOG_SEED = 2000;
const cache = new Map<string, Catalog>();
const EnglishFaker = english.constructor as typeof Faker;

/** A faker of its own (the shared instance stays untouched), seeded. */
function seededFaker(seed: number): Faker {
  const faker = new EnglishFaker({ locale: english.rawDefinitions });
  faker.seed(seed);
  return faker;
}

/**
 * The built-in catalogue: by default 10,000 songs by 1,500 artists, with
 * plausible distributions —
 * - songs per artist long-tailed (a few prolific artists, many with 1–3),
 * - each artist has one genre, drawn by market share (`GENRE_SHARES`:
 *   hip-hop, rock and pop lead) and a career of a few
 *   years; careers start more often in recent years, so recent releases
 *   are more common,
 * - popularity long-tailed (most songs 10–50, a few hits above 80), drawn
 *   around the artist's own popularity,
 * - length log-normal around 3:45, danceability and energy around the
 *   middle of 0–100.
 *
 * The same options always give the same catalogue (cached per options).
 *
 * @param options Size and latest year.
 * @returns The catalogue.
 * @throws {RangeError} For sizes below 1 or more artists than songs.
 */
export function builtInCatalog(options: BuiltInCatalogOptions = {}): Catalog {
  const { songs = 10_000, artists = 1_500, latestYear = 2025 } = options;
  if (!Number.isInteger(songs) || songs < 1) {
    throw new RangeError(`songs must be a positive integer: got ${songs}`);
  }
  if (!Number.isInteger(artists) || artists < 1 || artists > songs) {
    throw new RangeError(
      `artists must be an integer from 1 to songs (${songs}): got ${artists}`,
    );
  }
  const key = `${songs}/${artists}/${latestYear}`;
  let catalog = cache.get(key);
  if (!catalog) {
    catalog = createCatalog(makeSongs(songs, artists, latestYear), {
      source: "built-in",
    });
    cache.set(key, catalog);
  }
  return catalog;
}

interface Artist {
  name: string;
  genre: string;
  popularity: number;
  careerStart: number;
  careerYears: number;
}

function makeSongs(total: number, artistCount: number, latest: number) {
  const faker = seededFaker(CATALOG_SEED);
  const uniform = () => faker.number.float({ min: 0, max: 1 });
  const normal = (mean: number, sd: number) => {
    const u = Math.max(uniform(), 1e-12);
    return mean + sd * Math.sqrt(-2 * Math.log(u)) *
        Math.cos(2 * Math.PI * uniform());
  };
  const clamp = (x: number, lo: number, hi: number) =>
    Math.min(hi, Math.max(lo, Math.round(x)));

  const genres = genreWeights();
  const genreTotal = genres.reduce((s, [, w]) => s + w, 0);
  const pickGenre = () => {
    let r = uniform() * genreTotal;
    for (const [genre, w] of genres) if ((r -= w) < 0) return genre;
    return genres[genres.length - 1][0];
  };
  const artists = makeArtists(faker, artistCount).map((name): Artist => {
    // Genre: by market share (genre_shares.ts).
    const genre = pickGenre();
    // Careers end more often recently: recent releases are more common.
    const careerYears = 1 + Math.floor(uniform() * 12);
    const careerEnd = latest - Math.floor(-Math.log(1 - uniform()) * 12);
    return {
      name,
      genre,
      popularity: 12 + 70 * uniform() ** 2.5,
      careerStart: Math.max(1955, careerEnd - careerYears + 1),
      careerYears,
    };
  });

  // Songs per artist: every artist one song, the rest by Zipf-like weights.
  const counts = new Array<number>(artistCount).fill(1);
  const weights = artists.map((_, i) => 1 / (i + 10) ** 0.9);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  for (let extra = total - artistCount; extra > 0; extra--) {
    let r = uniform() * weightSum;
    let i = 0;
    while (i < artistCount - 1 && (r -= weights[i]) > 0) i++;
    counts[i]++;
  }

  const songs: Song[] = [];
  artists.forEach((artist, a) => {
    const titles = new Set<string>();
    for (let k = 0; k < counts[a]; k++) {
      let title = makeTitle(faker);
      while (titles.has(title)) title = makeTitle(faker);
      titles.add(title);
      const year = Math.min(
        latest,
        artist.careerStart + Math.floor(uniform() * artist.careerYears),
      );
      songs.push({
        title,
        artist: artist.name,
        genre: artist.genre,
        year,
        popularity: clamp(normal(artist.popularity, 9), 0, 100),
        danceability: clamp(normal(56, 15), 5, 98),
        energy: clamp(normal(60, 19), 3, 99),
        lengthSeconds: clamp(Math.exp(normal(Math.log(225), 0.28)), 75, 900),
      });
    }
  });
  // Interleave artists so that song order says nothing about the artist.
  return faker.helpers.shuffle(songs);
}

function makeArtists(faker: Faker, count: number): string[] {
  const names = new Set<string>();
  const capital = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
  let attempts = 0;
  while (names.size < count) {
    if (++attempts > count * 50) {
      throw new RangeError(`cannot make ${count} distinct artist names`);
    }
    const kind = faker.number.int({ min: 0, max: 9 });
    let name: string;
    if (kind < 4) name = faker.music.artist();
    else if (kind < 7) {
      name = `${faker.person.firstName()} ${faker.person.lastName()}`;
    } else if (kind < 9) {
      name = `The ${capital(faker.word.adjective())} ${
        capital(faker.word.noun())
      }s`;
    } else name = `${capital(faker.word.noun())} ${capital(faker.word.noun())}`;
    names.add(name);
  }
  return [...names];
}

function makeTitle(faker: Faker): string {
  if (faker.number.int({ min: 0, max: 2 }) === 0) {
    return faker.music.songName();
  }
  const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
  switch (faker.number.int({ min: 0, max: 3 })) {
    case 0:
      return `${cap(faker.word.adjective())} ${cap(faker.word.noun())}`;
    case 1:
      return `${cap(faker.word.verb())} ${
        faker.helpers.arrayElement(["Me", "You", "It", "Away", "Again"])
      }`;
    case 2:
      return `${cap(faker.word.noun())} of ${cap(faker.word.noun())}`;
    default:
      return cap(faker.word.noun());
  }
}
