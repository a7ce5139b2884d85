/**
 * The model of song choice (docs/realism.md): one shared, Zipf-like
 * popularity curve over the catalogue, tilted by each listener's continuous
 * personality and taste; shared per-catalogue tables and a per-listener
 * chooser.
 *
 * Every event first decides, by the listener's replay probability (Loyalty),
 * whether they replay a song they already played. A new song comes, by the
 * known-artist probability (Familiarity), from an artist they already
 * played — favourites, the earliest discovered, most often — or from the
 * curve: with the listener's favourite-genre share from their favourite
 * genres, otherwise from the whole catalogue. The curve is tilted towards
 * recent songs (N) or older ones (T) and made steeper (C) or flatter (U),
 * each draw picking the tilt with the listener's Newness and Commonality
 * probabilities. Songs released after the current year are never drawn; at
 * night, energetic songs are passed over more often (mood).
 *
 * @module
 */
import type { Catalog } from "../catalog/mod.ts";
import { LISTENING_MODEL as M } from "./listening_model.ts";
import type { ListenerProfile } from "./_listener_profile.ts";
import type { SeededRandom } from "./seeded_random.ts";

/** Tries before a draw gives up and falls back. */
const KNOWN_ARTIST_TRIES = 2;
const CATALOG_TRIES = 2;
/** Songs a fallback scan looks at, at most. */
const FALLBACK_SCAN = 512;
/** Known artists a fallback looks through, at most. */
const KNOWN_FALLBACK_ARTISTS = 16;
const ROTATION_SIZE = M.rotation.size, ROTATION_SHARE = M.rotation.share;
/** Of the catalogue tries, how many stay in the favourite genres. */
const FAVOURITE_TRIES = 1;

/** An alias table, interleaved: `[2i]` keep threshold, `[2i+1]` alias. */
type AliasTable = Uint32Array;

/** Tables shared by every listener of one catalogue. */
export class SongChoiceTables {
  readonly catalog: Catalog;
  readonly songCount: number;
  readonly artistCount: number;
  /** [combo] → alias table over the catalogue (combo: 2 = N, 1 = C). */
  readonly alias: AliasTable[] = [];
  /** [combo][genre] → alias table over the genre's songs. */
  readonly genreAlias: AliasTable[][] = [];
  /**
   * [combo] → the catalogue by tilted weight, heaviest first, then
   * `[combo][1 + genre]` → each genre's songs the same way (fallbacks).
   */
  readonly order: Int32Array[][] = [];
  /** [combo] → song → its place in `order[combo][0]`, then in its genre's. */
  readonly place: Int32Array[][] = [];
  /** Artist → how many songs it has. */
  readonly artistSize: Uint8Array;
  /** Genre → its songs. */
  readonly genreSongs: Int32Array[];
  /** Cumulative share of the curve per genre (favourite genres). */
  readonly genreCumulative: Float64Array;
  /** [combo] → weight / the largest among the artist's songs (threshold). */
  readonly acceptInArtist: Uint32Array[] = [];
  /** Songs grouped by artist: artist a's are `[artistStart[a], artistStart[a+1])`. */
  readonly artistSongs: Int32Array;
  readonly artistStart: Int32Array;
  /** Song → length in milliseconds. */
  readonly lengthMs: Float64Array;
  /** Song → release year. */
  readonly year: Int32Array;
  /** Song → skip multiplier from its popularity. */
  readonly skipFactor: Float64Array;
  /**
   * Song → how readily it is passed over at night: (energy + danceability)
   * / 100 − 0.6, clamped to 0 … 1 (calm songs never, the most energetic
   * always at full mood).
   */
  readonly arousal: Float64Array;
  /** Song → weight on the shared popularity curve. */
  readonly curve: Float64Array;
  /** Songs by release year (for the fallback) and their years. */
  readonly byYear: Int32Array;
  readonly byYearYears: Int32Array;

  constructor(catalog: Catalog) {
    const songs = catalog.songs;
    this.catalog = catalog;
    this.songCount = songs.length;
    this.artistCount = catalog.artists.length;
    this.artistStart = new Int32Array(this.artistCount + 1);
    catalog.songsByArtist.forEach((list, a) => {
      this.artistStart[a + 1] = this.artistStart[a] + list.length;
    });
    this.artistSize = Uint8Array.from(
      catalog.songsByArtist,
      (list) => Math.min(255, list.length),
    );
    this.artistSongs = new Int32Array(this.songCount);
    catalog.songsByArtist.forEach((list, a) => {
      this.artistSongs.set(list, this.artistStart[a]);
    });
    this.lengthMs = Float64Array.from(songs, (s) => s.lengthSeconds * 1000);
    this.year = Int32Array.from(songs, (s) => s.year);
    this.skipFactor = Float64Array.from(
      songs,
      (s) => Math.exp(-(s.popularity - 50) / M.skip.popularityScale),
    );
    this.arousal = Float64Array.from(
      songs,
      (s) => Math.min(1, Math.max(0, (s.energy + s.danceability) / 100 - 0.6)),
    );
    this.byYear = Int32Array.from(songs.keys()).sort((a, b) =>
      this.year[a] - this.year[b] || a - b
    );
    this.byYearYears = Int32Array.from(this.byYear, (s) => this.year[s]);
    const base = popularityCurve(catalog);
    this.curve = base;
    const genreNames = [...new Set(songs.map((s) => s.genre))];
    const genreOf = new Map(genreNames.map((g, i) => [g, i]));
    const lists: number[][] = genreNames.map(() => []);
    const genreOfSong = new Int32Array(this.songCount);
    songs.forEach((s, i) => {
      genreOfSong[i] = genreOf.get(s.genre)!;
      lists[genreOfSong[i]].push(i);
    });
    this.genreSongs = lists.map((l) => Int32Array.from(l));
    let acc = 0;
    const genreTotal = base.reduce((a, b) => a + b, 0);
    this.genreCumulative = Float64Array.from(
      this.genreSongs,
      (list) => (acc += list.reduce((s, i) => s + base[i], 0)) / genreTotal,
    );
    this.genreCumulative[this.genreCumulative.length - 1] = 1;
    for (let combo = 0; combo < 4; combo++) {
      const weights = comboWeights(catalog, base, combo);
      this.alias.push(aliasTable(weights));
      this.genreAlias.push(
        this.genreSongs.map((list) => aliasTable(pick(weights, list))),
      );
      const accept = new Uint32Array(weights.length);
      for (const list of catalog.songsByArtist) {
        let max = 0;
        for (const s of list) max = Math.max(max, weights[s]);
        for (const s of list) accept[s] = threshold(weights[s] / max);
      }
      this.acceptInArtist.push(accept);
      const [orders, places] = heaviestFirst(
        weights,
        genreOfSong,
        this.genreSongs,
      );
      this.order.push(orders);
      this.place.push(places);
    }
  }

  /** How many songs were released in or before `year`. */
  releasedBy(year: number): number {
    const years = this.byYearYears;
    let lo = 0, hi = years.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (years[mid] <= year) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/**
 * Songs heaviest first (ties by index), over the catalogue and within each
 * genre, and each song's place in both orders. A genre's order is the
 * catalogue's order filtered to the genre, so only one sort is needed.
 */
function heaviestFirst(
  weights: Float64Array,
  genreOfSong: Int32Array,
  genreSongs: Int32Array[],
): [Int32Array[], Int32Array[]] {
  const n = weights.length;
  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  all.sort((a, b) => weights[b] - weights[a] || a - b);
  const byGenre = genreSongs.map((list) => new Int32Array(list.length));
  const filled = new Int32Array(genreSongs.length);
  const inCatalog = new Int32Array(n), inGenre = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const song = all[i], genre = genreOfSong[song];
    inCatalog[song] = i;
    inGenre[song] = filled[genre];
    byGenre[genre][filled[genre]++] = song;
  }
  return [[all, ...byGenre], [inCatalog, inGenre]];
}

/** Zipf-like weight per song by its popularity rank in the catalogue. */
function popularityCurve(catalog: Catalog): Float64Array {
  const songs = catalog.songs;
  const order = Int32Array.from(songs.keys()).sort((a, b) =>
    songs[b].popularity - songs[a].popularity || a - b
  );
  const base = new Float64Array(songs.length);
  order.forEach((song, rank) => {
    base[song] = (rank + 1 + M.zipf.offset) ** -M.zipf.exponent;
  });
  return base;
}

/** The curve tilted by Newness (combo & 2) and Commonality (combo & 1). */
function comboWeights(
  catalog: Catalog,
  base: Float64Array,
  combo: number,
): Float64Array {
  const power = combo & 1 ? 1 + M.commonalityTilt : 1 - M.commonalityTilt;
  const recentYear = catalog.recentYear;
  const [recentTilt, olderTilt] = combo & 2
    ? [M.newness.recentWeight, 1]
    : [1, M.newness.olderWeight];
  const songs = catalog.songs;
  const out = new Float64Array(songs.length);
  for (let i = 0; i < songs.length; i++) {
    const tilt = songs[i].year >= recentYear ? recentTilt : olderTilt;
    out[i] = tilt * base[i] ** power;
  }
  return out;
}

/** `weights` of the songs in `list`, in its order. */
function pick(weights: Float64Array, list: Int32Array): Float64Array {
  const out = new Float64Array(list.length);
  for (let i = 0; i < list.length; i++) out[i] = weights[list[i]];
  return out;
}

/** A probability as a threshold for uniform 32-bit integers. */
function threshold(p: number): number {
  return Math.min(0xffffffff, Math.round(p * 4294967296));
}

/** Builds a Vose alias table for O(1) weighted draws. */
function aliasTable(weights: Float64Array): AliasTable {
  const n = weights.length;
  const total = weights.reduce((a, b) => a + b, 0);
  const scaled = new Float64Array(n);
  for (let i = 0; i < n; i++) scaled[i] = (weights[i] * n) / total;
  const table = new Uint32Array(2 * n);
  // Two stacks in typed arrays (no allocation per push).
  const small = new Int32Array(n), large = new Int32Array(n);
  let smalls = 0, larges = 0;
  for (let i = 0; i < n; i++) {
    if (scaled[i] < 1) small[smalls++] = i;
    else large[larges++] = i;
  }
  while (smalls > 0 && larges > 0) {
    const s = small[--smalls], l = large[--larges];
    table[2 * s] = threshold(scaled[s]);
    table[2 * s + 1] = l;
    scaled[l] = scaled[l] + scaled[s] - 1;
    if (scaled[l] < 1) small[smalls++] = l;
    else large[larges++] = l;
  }
  for (let k = 0; k < larges + smalls; k++) {
    const i = k < larges ? large[k] : small[k - larges];
    table[2 * i] = 0xffffffff;
    table[2 * i + 1] = i;
  }
  return table;
}

/** One listener's listening memory and song choice. */
export class SongChooser {
  /** Whether the last song returned was new to the listener. */
  lastNew = false;
  #tables: SongChoiceTables;
  #rng: SeededRandom;
  #profile: ListenerProfile;
  #played: Uint32Array;
  #playedList: Int32Array;
  #playedCount = 0;
  /** Bit per artist: already played. */
  #knownArtist: Uint32Array;
  /** Artists the user has played, in order of discovery. */
  #known: Int32Array;
  #knownCount = 0;
  /** Artist → songs of it the listener has not played yet. */
  #left: Uint8Array;
  /**
   * Fallback cursors into `SongChoiceTables.order`, per (group, combo,
   * new artist only): every song before a cursor is played (or by a known
   * artist, for the new-artist cursors), so the scans stay short.
   */
  #cursors: Int32Array;

  constructor(
    tables: SongChoiceTables,
    profile: ListenerProfile,
    rng: SeededRandom,
  ) {
    this.#tables = tables;
    this.#rng = rng;
    this.#profile = profile;
    this.#played = new Uint32Array((tables.songCount + 31) >>> 5);
    this.#playedList = new Int32Array(Math.min(64, tables.songCount));
    this.#knownArtist = new Uint32Array((tables.artistCount + 31) >>> 5);
    this.#known = new Int32Array(Math.min(16, tables.artistCount));
    this.#left = tables.artistSize.slice();
    this.#cursors = new Int32Array(8 * (1 + tables.genreSongs.length));
  }

  /**
   * Chooses the next song (a catalogue index) and remembers it.
   *
   * @param maxYear Latest release year allowed (the current year).
   * @param mood 0 … 1: how strongly energetic songs are passed over.
   */
  next(maxYear: number, mood: number): number {
    const rng = this.#rng;
    if (this.#playedCount > 0 && rng.next() < this.#profile.replayP) {
      this.lastNew = false;
      return this.#replay(mood);
    }
    let song = this.#newSong(maxYear, mood);
    if (song < 0) {
      // Nothing new is left that may be played (a tiny catalogue): replay.
      if (this.#playedCount > 0) {
        this.lastNew = false;
        return this.#replay(mood);
      }
      const t = this.#tables;
      song = t.byYear[rng.int(Math.max(1, t.releasedBy(maxYear)))];
    }
    this.lastNew = !this.#isPlayed(song);
    this.#remember(song);
    return song;
  }

  #isKnownArtist(artist: number): boolean {
    return (this.#knownArtist[artist >>> 5] & (1 << (artist & 31))) !== 0;
  }

  #isPlayed(song: number): boolean {
    return (this.#played[song >>> 5] & (1 << (song & 31))) !== 0;
  }

  /**
   * A replay: the best of a few songs of the listener's library — the more
   * popular (hits are replayed most), calmer at night — each from heavy
   * rotation (the last songs discovered) or the whole library; C
   * listeners compare more songs than U ones.
   */
  #replay(mood: number): number {
    const t = this.#tables;
    let best = this.#librarySong();
    let bestScore = t.curve[best] * (1 - mood * t.arousal[best]);
    for (let k = 1; k < this.#profile.replayCandidates; k++) {
      const song = this.#librarySong();
      const score = t.curve[song] * (1 - mood * t.arousal[song]);
      if (score > bestScore) {
        best = song;
        bestScore = score;
      }
    }
    return best;
  }

  #librarySong(): number {
    // One uniform: below ROTATION_SHARE it picks from the rotation, above
    // it from the whole library (rescaled to [0, 1) either way).
    const u = this.#rng.next();
    const n = this.#playedCount;
    if (n > ROTATION_SIZE && u < ROTATION_SHARE) {
      return this.#playedList[
        n - 1 - Math.floor((u / ROTATION_SHARE) * ROTATION_SIZE)
      ];
    }
    const w = n > ROTATION_SIZE
      ? (u - ROTATION_SHARE) / (1 - ROTATION_SHARE)
      : u;
    return this.#playedList[Math.floor(w * n)];
  }

  /**
   * A song new to the listener, or -1 when none is left. Draws from the
   * tilted curve first; when those draws keep hitting songs already heard
   * (heavy listeners), it falls back to the heaviest unheard song of the
   * same tilt, so that a listener's metrics do not drift with activity: a
   * new song stays new (Loyalty) and an artist wanted new stays new
   * (Familiarity) however much they have heard.
   */
  #newSong(maxYear: number, mood: number): number {
    const rng = this.#rng;
    const t = this.#tables;
    const p = this.#profile;
    // One uniform for both tilts: its position within the chosen side of
    // the Newness split is again uniform.
    const u = rng.next(), pN = p.newnessP;
    const recent = u < pN;
    const v = recent ? u / pN : (u - pN) / (1 - pN);
    const combo = (recent ? 2 : 0) | (v < p.commonalityP ? 1 : 0);
    const wantKnown = this.#knownCount > 0 && rng.next() < p.knownArtistP;
    const year = t.year, arousal = t.arousal;
    if (wantKnown) {
      const artistSongs = t.artistSongs, artistStart = t.artistStart;
      const accept = t.acceptInArtist[combo];
      for (let k = 0; k < KNOWN_ARTIST_TRIES; k++) {
        const u = rng.next();
        const artist = this.#known[Math.floor(this.#knownCount * u * u)];
        if (this.#left[artist] === 0) continue;
        const first = artistStart[artist];
        const song = artistSongs[
          first + rng.int(artistStart[artist + 1] - first)
        ];
        if (
          !this.#isPlayed(song) && year[song] <= maxYear &&
          rng.uint32() < accept[song] &&
          !(mood > 0 && rng.next() < mood * arousal[song])
        ) return song;
      }
      const song = this.#knownArtistFallback(maxYear, mood);
      if (song >= 0) return song;
    }
    const favourites = p.favouriteGenres;
    const favourite = favourites.length > 0 &&
      rng.next() < p.favouriteShare;
    const artistOf = t.catalog.artistOf;
    const newArtist = !wantKnown;
    for (let k = 0; k < CATALOG_TRIES; k++) {
      let song: number;
      if (favourite && k < FAVOURITE_TRIES) {
        const genre = favourites[rng.int(favourites.length)];
        const list = t.genreSongs[genre];
        const table = t.genreAlias[combo][genre];
        const i = rng.int(list.length);
        song = list[rng.uint32() < table[2 * i] ? i : table[2 * i + 1]];
      } else {
        const table = t.alias[combo];
        const i = rng.int(t.songCount);
        song = rng.uint32() < table[2 * i] ? i : table[2 * i + 1];
      }
      if (this.#isPlayed(song) || year[song] > maxYear) continue;
      if (newArtist && this.#isKnownArtist(artistOf[song])) continue;
      if (mood > 0 && rng.next() < mood * arousal[song]) continue;
      return song;
    }
    // Falling back: steeper tilts (C) take the heaviest unheard song, the
    // flatter ones (U) the next lighter unheard song after a fresh draw;
    // a new artist is looked for before a known one is accepted.
    const genre = favourite ? favourites[rng.int(favourites.length)] : -1;
    // (Plain loops: want 1 then 0; the genre, then the catalogue (-1).)
    for (let want = newArtist ? 1 : 0; want >= 0; want--) {
      for (let g = genre;; g = -1) {
        const from = combo & 1 ? 0 : this.#drawPlace(combo, g);
        const slot = 2 * (4 * (g + 1) + combo) + want;
        const song = this.#fromOrder(
          t.order[combo][g + 1],
          slot,
          from,
          maxYear,
          mood,
        );
        if (song >= 0) return song;
        if (g < 0) break;
      }
    }
    return -1;
  }

  /** A draw from the tilted curve (of a genre, or all for -1): its place. */
  #drawPlace(combo: number, genre: number): number {
    const t = this.#tables, rng = this.#rng;
    if (genre >= 0) {
      const table = t.genreAlias[combo][genre];
      const list = t.genreSongs[genre];
      const i = rng.int(list.length);
      return t
        .place[combo][1][
          list[rng.uint32() < table[2 * i] ? i : table[2 * i + 1]]
        ];
    }
    const table = t.alias[combo];
    const i = rng.int(t.songCount);
    return t
      .place[combo][0][rng.uint32() < table[2 * i] ? i : table[2 * i + 1]];
  }

  /**
   * The first song of `list` (heaviest first) from place `from` on not yet heard — by an artist
   * not yet heard for odd slots — released by `maxYear` and not too
   * energetic for the hour; -1 when the scan finds none.
   */
  #fromOrder(
    list: Int32Array,
    slot: number,
    from: number,
    maxYear: number,
    mood: number,
  ): number {
    const t = this.#tables;
    const year = t.year, arousal = t.arousal, artistOf = t.catalog.artistOf;
    const cursors = this.#cursors, newArtist = (slot & 1) === 1;
    const start = Math.max(from, cursors[slot]);
    let advancing = start === cursors[slot];
    const last = Math.min(list.length, start + FALLBACK_SCAN);
    for (let i = start; i < last; i++) {
      const song = list[i];
      if (
        this.#isPlayed(song) ||
        (newArtist && this.#isKnownArtist(artistOf[song]))
      ) {
        if (advancing) cursors[slot] = i + 1;
        continue;
      }
      advancing = false;
      if (year[song] > maxYear || mood * arousal[song] > 0.5) continue;
      return song;
    }
    // Nothing from `from` on: once more from the cursor.
    return start > cursors[slot]
      ? this.#fromOrder(list, slot, 0, maxYear, mood)
      : -1;
  }

  /**
   * An unheard, released song of a known artist with songs left, from a
   * favourite position onwards in the order of discovery; -1 if none.
   */
  #knownArtistFallback(maxYear: number, mood: number): number {
    const t = this.#tables;
    const n = this.#knownCount, u = this.#rng.next();
    let k = Math.floor(n * u * u);
    for (let a = 0; a < Math.min(n, KNOWN_FALLBACK_ARTISTS); a++) {
      const artist = this.#known[k];
      k = k + 1 === n ? 0 : k + 1;
      if (this.#left[artist] === 0) continue;
      for (let j = t.artistStart[artist]; j < t.artistStart[artist + 1]; j++) {
        const song = t.artistSongs[j];
        if (
          !this.#isPlayed(song) && t.year[song] <= maxYear &&
          !(mood * t.arousal[song] > 0.5)
        ) return song;
      }
    }
    return -1;
  }

  #remember(song: number): void {
    if (this.#isPlayed(song)) return;
    this.#played[song >>> 5] |= 1 << (song & 31);
    if (this.#playedCount === this.#playedList.length) {
      const grown = new Int32Array(this.#playedList.length * 2);
      grown.set(this.#playedList);
      this.#playedList = grown;
    }
    this.#playedList[this.#playedCount++] = song;
    const artist = this.#tables.catalog.artistOf[song];
    if (this.#left[artist] > 0) this.#left[artist]--;
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
