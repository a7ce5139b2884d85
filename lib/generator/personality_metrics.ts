/**
 * The four personality metrics, computed from listening records alone,
 * and how well a median split recovers the assigned letters.
 *
 * @module
 */
import type { ListeningRecord } from "../schema/mod.ts";
import { personalityByName } from "../personalities/mod.ts";

/** One user's metrics. */
export interface UserPersonalityMetrics {
  /** The user. */
  userId: number;
  /** The assigned personality name. */
  personality: string;
  /** Number of events. */
  events: number;
  /** Share of events whose song the user had already played before. */
  loyalty: number;
  /**
   * Among events of songs new to the user, the share whose artist the user
   * had already played.
   */
  familiarity: number;
  /** Share of events of songs in the catalogue's most recent quarter. */
  newness: number;
  /** Mean popularity of the user's events' songs. */
  commonality: number;
}

/** Options of {@linkcode personalityMetrics}. */
export interface PersonalityMetricsOptions {
  /**
   * First year of the catalogue's most recent quarter by release year
   * (`Catalog.recentYear`): songs from this year on count as recent.
   */
  recentYear: number;
  /** Users with fewer events are left out. Default 200. */
  minEvents?: number;
}

interface Acc {
  personality: string;
  events: number;
  repeats: number;
  newSongs: number;
  newSongsKnownArtist: number;
  /** Events per release year (Newness is decided at the end). */
  years: Map<number, number>;
  popularity: number;
  songs: Set<string>;
  artists: Set<string>;
}

/**
 * The four metrics accumulated record by record (for one pass over a file
 * or a stream); {@linkcode personalityMetrics} is the one-call form.
 * Memory grows with listeners and the distinct songs each played.
 */
export class PersonalityMetricsAccumulator {
  #byUser = new Map<number, Acc>();

  /**
   * Adds one record (each user's records must come in time order).
   *
   * @param r The record.
   */
  add(r: ListeningRecord): void {
    let acc = this.#byUser.get(r.user_id);
    if (!acc) {
      acc = {
        personality: r.personality,
        events: 0,
        repeats: 0,
        newSongs: 0,
        newSongsKnownArtist: 0,
        years: new Map(),
        popularity: 0,
        songs: new Set(),
        artists: new Set(),
      };
      this.#byUser.set(r.user_id, acc);
    }
    acc.events++;
    const key = `${r.song_name}\u0000${r.artist}`;
    if (acc.songs.has(key)) {
      acc.repeats++;
    } else {
      acc.songs.add(key);
      acc.newSongs++;
      if (acc.artists.has(r.artist)) acc.newSongsKnownArtist++;
    }
    acc.artists.add(r.artist);
    acc.years.set(r.year, (acc.years.get(r.year) ?? 0) + 1);
    acc.popularity += r.popularity;
  }

  /**
   * The metrics so far.
   *
   * @param options The recent-quarter year and the least number of events.
   * @returns One entry per user with at least `minEvents` events, by id.
   */
  result(options: PersonalityMetricsOptions): UserPersonalityMetrics[] {
    const { recentYear, minEvents = 200 } = options;
    const recent = (years: Map<number, number>) => {
      let n = 0;
      for (const [year, count] of years) if (year >= recentYear) n += count;
      return n;
    };
    return [...this.#byUser]
      .filter(([, a]) => a.events >= minEvents)
      .sort(([a], [b]) => a - b)
      .map(([userId, a]) => ({
        userId,
        personality: a.personality,
        events: a.events,
        loyalty: a.repeats / a.events,
        familiarity: a.newSongs ? a.newSongsKnownArtist / a.newSongs : 0,
        newness: recent(a.years) / a.events,
        commonality: a.popularity / a.events,
      }));
  }
}

/**
 * Computes Loyalty, Familiarity, Newness and Commonality per user from
 * records in time order (per user). A song is identified by (song_name,
 * artist).
 *
 * @param records Listening records, each user's in time order.
 * @param options The recent-quarter year and the least number of events.
 * @returns One entry per user with at least `minEvents` events, by user id.
 */
export function personalityMetrics(
  records: Iterable<ListeningRecord>,
  options: PersonalityMetricsOptions,
): UserPersonalityMetrics[] {
  const acc = new PersonalityMetricsAccumulator();
  for (const r of records) acc.add(r);
  return acc.result(options);
}

/** Share of users whose letter a median split recovers, per axis. */
export interface MedianSplitAgreement {
  /** L above the median Loyalty, V below. */
  loyalty: number;
  /** F above the median Familiarity, E below. */
  familiarity: number;
  /** N above the median Newness, T below. */
  newness: number;
  /** C above the median Commonality, U below. */
  commonality: number;
}

/**
 * Splits users at each metric's median and reports, per axis, the share of
 * users whose assigned letter matches their side (high = L, F, N, C).
 *
 * @param metrics Per-user metrics.
 * @returns The agreement per axis, 0–1.
 */
export function medianSplitAgreement(
  metrics: readonly UserPersonalityMetrics[],
): MedianSplitAgreement {
  const agree = (
    value: (m: UserPersonalityMetrics) => number,
    isHigh: (m: UserPersonalityMetrics) => boolean,
  ) => {
    const sorted = metrics.map(value).sort((a, b) => a - b);
    const n = sorted.length;
    const median = n % 2
      ? sorted[(n - 1) / 2]
      : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    const hits = metrics.filter((m) => (value(m) > median) === isHigh(m));
    return n ? hits.length / n : 0;
  };
  const p = (m: UserPersonalityMetrics) => personalityByName(m.personality);
  return {
    loyalty: agree((m) => m.loyalty, (m) => p(m).loyalty === "L"),
    familiarity: agree((m) => m.familiarity, (m) => p(m).familiarity === "F"),
    newness: agree((m) => m.newness, (m) => p(m).newness === "N"),
    commonality: agree((m) => m.commonality, (m) => p(m).commonality === "C"),
  };
}
