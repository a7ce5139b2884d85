/**
 * The personality model of song choice (see docs/generator.md "The personality
 * model"): shared per-catalogue tables and a per-user chooser.
 *
 * Every event first decides, by the Loyalty axis, whether the listener
 * replays a song they already played (L: 55 %, V: 8 %). A new song comes,
 * by the Familiarity axis, from an artist they already played (F: 85 %,
 * E: 12 %) or from an artist new to them. Which song is drawn is weighted
 * by the Newness axis (N: recent-quarter songs × 8; T: older songs × 4)
 * and the Commonality axis (C: weight e^((popularity − 50) / 12); U: the
 * inverse), relative to the artist's other songs for a known artist. When
 * no new song is left that fits, the listener replays one.
 *
 * @module
 */
import type { Catalog } from "../catalog/mod.ts";
import type { Personality } from "../personalities/mod.ts";
import type { SeededRandom } from "./seeded_random.ts";

/** Probability that an event replays a known song, per Loyalty letter. */
export const REPEAT_PROBABILITY = { L: 0.55, V: 0.08 } as const;
/** Probability that a new song is by a known artist, per Familiarity letter. */
export const KNOWN_ARTIST_PROBABILITY = { F: 0.85, E: 0.12 } as const;
/** Weight of recent-quarter songs (N) or of older songs (T). */
export const NEWNESS_WEIGHT = { N: 8, T: 4 } as const;
/** Popularity scale of the Commonality weight e^(±(p − 50) / scale). */
export const POPULARITY_SCALE = 12;

/** Tries before a draw gives up and falls back. */
const KNOWN_ARTIST_TRIES = 12;
const CATALOG_TRIES = 24;
/** Of the catalogue tries, how many insist on an artist new to the user. */
const NEW_ARTIST_TRIES = 20;
/** Replays come from the last songs discovered this often (heavy rotation). */
const ROTATION_SIZE = 40;
const ROTATION_SHARE = 0.6;

/** Alias tables and per-artist acceptance, one set per N/T × C/U combination. */
export class SongChoiceTables {
  readonly catalog: Catalog;
  readonly songCount: number;
  readonly artistCount: number;
  /**
   * [combo] → Vose alias table, interleaved for one cache line per draw:
   * `[2i]` = probability of keeping i as a 32-bit threshold, `[2i+1]` =
   * its alias.
   */
  readonly alias: Uint32Array[] = [];
  /**
   * [combo] → weight / the largest weight among the artist's songs, as a
   * 32-bit threshold.
   */
  readonly acceptInArtist: Uint32Array[] = [];
  /** All songs grouped by artist: artist a's are `[artistStart[a], artistStart[a+1])`. */
  readonly artistSongs: Int32Array;
  readonly artistStart: Int32Array;
  /** Song → length in milliseconds. */
  readonly lengthMs: Float64Array;

  constructor(catalog: Catalog) {
    this.catalog = catalog;
    this.songCount = catalog.songs.length;
    this.artistCount = catalog.artists.length;
    this.artistStart = new Int32Array(this.artistCount + 1);
    catalog.songsByArtist.forEach((songs, a) => {
      this.artistStart[a + 1] = this.artistStart[a] + songs.length;
    });
    this.artistSongs = new Int32Array(this.songCount);
    catalog.songsByArtist.forEach((songs, a) => {
      this.artistSongs.set(songs, this.artistStart[a]);
    });
    this.lengthMs = Float64Array.from(
      catalog.songs,
      (song) => song.lengthSeconds * 1000,
    );
    for (let combo = 0; combo < 4; combo++) {
      const newness = combo & 2 ? "N" : "T";
      const commonality = combo & 1 ? "C" : "U";
      const weights = Float64Array.from(catalog.songs, (song) => {
        const recent = song.year >= catalog.recentYear;
        const wNew = newness === "N"
          ? (recent ? NEWNESS_WEIGHT.N : 1)
          : (recent ? 1 : NEWNESS_WEIGHT.T);
        const sign = commonality === "C" ? 1 : -1;
        return wNew *
          Math.exp(sign * (song.popularity - 50) / POPULARITY_SCALE);
      });
      const [prob, alias] = voseAlias(weights);
      const table = new Uint32Array(2 * weights.length);
      for (let i = 0; i < weights.length; i++) {
        table[2 * i] = threshold(prob[i]);
        table[2 * i + 1] = alias[i];
      }
      this.alias.push(table);
      const accept = new Uint32Array(weights.length);
      for (const songs of catalog.songsByArtist) {
        let max = 0;
        for (const s of songs) max = Math.max(max, weights[s]);
        for (const s of songs) accept[s] = threshold(weights[s] / max);
      }
      this.acceptInArtist.push(accept);
    }
  }

  /** The table index of a personality's Newness and Commonality letters. */
  static combo(personality: Personality): number {
    return (personality.newness === "N" ? 2 : 0) |
      (personality.commonality === "C" ? 1 : 0);
  }
}

/** A probability as a threshold for uniform 32-bit integers. */
function threshold(p: number): number {
  return Math.min(0xffffffff, Math.round(p * 4294967296));
}

/** Builds a Vose alias table for O(1) weighted draws. */
function voseAlias(weights: Float64Array): [Float64Array, Int32Array] {
  const n = weights.length;
  const total = weights.reduce((a, b) => a + b, 0);
  const scaled = Float64Array.from(weights, (w) => (w * n) / total);
  const prob = new Float64Array(n);
  const alias = new Int32Array(n);
  const small: number[] = [], large: number[] = [];
  scaled.forEach((p, i) => (p < 1 ? small : large).push(i));
  while (small.length && large.length) {
    const s = small.pop()!, l = large.pop()!;
    prob[s] = scaled[s];
    alias[s] = l;
    scaled[l] = scaled[l] + scaled[s] - 1;
    (scaled[l] < 1 ? small : large).push(l);
  }
  for (const i of large) prob[i] = 1;
  for (const i of small) prob[i] = 1;
  return [prob, alias];
}

/** One user's listening memory and song choice. */
export class SongChooser {
  #tables: SongChoiceTables;
  #rng: SeededRandom;
  #combo: number;
  #repeatP: number;
  #knownArtistP: number;
  #played: Uint32Array;
  #playedList: Int32Array;
  #playedCount = 0;
  /** Bit per artist: already played. */
  #knownArtist: Uint32Array;
  /** Artists the user has played, in order of discovery. */
  #known: Int32Array;
  #knownCount = 0;

  constructor(
    tables: SongChoiceTables,
    personality: Personality,
    rng: SeededRandom,
  ) {
    this.#tables = tables;
    this.#rng = rng;
    this.#combo = SongChoiceTables.combo(personality);
    this.#repeatP = REPEAT_PROBABILITY[personality.loyalty];
    this.#knownArtistP = KNOWN_ARTIST_PROBABILITY[personality.familiarity];
    this.#played = new Uint32Array((tables.songCount + 31) >>> 5);
    this.#playedList = new Int32Array(Math.min(64, tables.songCount));
    this.#knownArtist = new Uint32Array((tables.artistCount + 31) >>> 5);
    this.#known = new Int32Array(Math.min(16, tables.artistCount));
  }

  /** Chooses the next song (a catalogue index) and remembers it. */
  next(): number {
    const rng = this.#rng;
    if (this.#playedCount > 0 && rng.next() < this.#repeatP) {
      return this.#replay();
    }
    const song = this.#newSong();
    if (song < 0) return this.#replay();
    this.#remember(song);
    return song;
  }

  #isKnownArtist(artist: number): boolean {
    return (this.#knownArtist[artist >>> 5] & (1 << (artist & 31))) !== 0;
  }

  #isPlayed(song: number): boolean {
    return (this.#played[song >>> 5] & (1 << (song & 31))) !== 0;
  }

  #replay(): number {
    const rng = this.#rng;
    const n = this.#playedCount;
    if (n > ROTATION_SIZE && rng.next() < ROTATION_SHARE) {
      return this.#playedList[n - 1 - rng.int(ROTATION_SIZE)];
    }
    return this.#playedList[rng.int(n)];
  }

  #newSong(): number {
    const rng = this.#rng;
    const t = this.#tables;
    const wantKnown = this.#knownCount > 0 && rng.next() < this.#knownArtistP;
    if (wantKnown) {
      const artistSongs = t.artistSongs, artistStart = t.artistStart;
      const accept = t.acceptInArtist[this.#combo];
      // Exhausted artists stay in the draw: a listener who has heard all of
      // a favourite's songs more often goes looking elsewhere.
      for (let k = 0; k < KNOWN_ARTIST_TRIES; k++) {
        const artist = this.#known[rng.int(this.#knownCount)];
        const first = artistStart[artist];
        const song = artistSongs[
          first + rng.int(artistStart[artist + 1] - first)
        ];
        if (!this.#isPlayed(song) && rng.uint32() < accept[song]) return song;
      }
    }
    const table = t.alias[this.#combo];
    const artistOf = t.catalog.artistOf;
    const n = t.songCount;
    const tries = CATALOG_TRIES;
    const insist = wantKnown ? 0 : NEW_ARTIST_TRIES;
    for (let k = 0; k < tries; k++) {
      const i = rng.int(n);
      const song = rng.uint32() < table[2 * i] ? i : table[2 * i + 1];
      if (this.#isPlayed(song)) continue;
      // Wanting a new artist: pass over known ones while tries remain.
      if (k < insist && this.#isKnownArtist(artistOf[song])) continue;
      return song;
    }
    return -1;
  }

  #remember(song: number): void {
    this.#played[song >>> 5] |= 1 << (song & 31);
    if (this.#playedCount === this.#playedList.length) {
      const grown = new Int32Array(this.#playedList.length * 2);
      grown.set(this.#playedList);
      this.#playedList = grown;
    }
    this.#playedList[this.#playedCount++] = song;
    const t = this.#tables;
    const artist = t.catalog.artistOf[song];
    if (!this.#isKnownArtist(artist)) {
      this.#knownArtist[artist >>> 5] |= 1 << (artist & 31);
      if (this.#knownCount === this.#known.length) {
        const grown = new Int32Array(this.#known.length * 2);
        grown.set(this.#known);
        this.#known = grown;
      }
      this.#known[this.#knownCount++] = artist;
    }
  }
}
