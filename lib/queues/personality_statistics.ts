/**
 * The original's "personality statistics": events, top songs, artists and
 * genres, and total and average listening time, over the records of one
 * personality's queue.
 *
 * @module
 */
import type { ListeningRecord } from "../schema/mod.ts";

/** A song and how many events it had. */
export interface SongCount {
  song_name: string;
  artist: string;
  events: number;
  /** 1-based position. */
  rank: number;
}

/** A name (artist or genre) and how many events it had. */
export interface NameCount {
  name: string;
  events: number;
  /** 1-based position. */
  rank: number;
}

/** Statistics of one personality's records. */
export interface PersonalityStatistics {
  /** The personality. */
  personality: string;
  /** Distinct records (duplicates removed by record id). */
  events: number;
  /** Of those, records whose interaction is `played`. */
  plays: number;
  /** Distinct users. */
  users: number;
  /** Top songs by events (ties: song name, then artist, ascending). */
  topSongs: SongCount[];
  /** Top artists by events. */
  topArtists: NameCount[];
  /** Top genres by events. */
  topGenres: NameCount[];
  /** Sum of (end − start) over all events, in minutes. */
  listenedMinutes: number;
  /** Mean of (end − start) per event, in seconds (0 without events). */
  avgListenedSeconds: number;
}

/** Options of {@linkcode PersonalityStatisticsBuilder}. */
export interface PersonalityStatisticsOptions {
  /** Length of the top lists. Default 5. */
  topN?: number;
}

function top<K>(
  counts: Map<string, { key: K; events: number }>,
  n: number,
): { key: K; events: number; id: string }[] {
  return [...counts].map(([id, v]) => ({ ...v, id }))
    .sort((a, b) =>
      b.events - a.events || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
    )
    .slice(0, n);
}

function bump<K>(
  counts: Map<string, { key: K; events: number }>,
  id: string,
  key: K,
): void {
  const entry = counts.get(id);
  if (entry) entry.events++;
  else counts.set(id, { key, events: 1 });
}

/**
 * Accumulates the statistics of distinct records (the caller removes
 * duplicates).
 */
export class PersonalityStatisticsBuilder {
  readonly #personality: string;
  readonly #topN: number;
  #events = 0;
  #plays = 0;
  #listenedMs = 0;
  #users = new Set<number>();
  #songs = new Map<string, { key: [string, string]; events: number }>();
  #artists = new Map<string, { key: string; events: number }>();
  #genres = new Map<string, { key: string; events: number }>();

  /**
   * @param personality The personality whose records are added.
   * @param options Length of the top lists.
   * @throws {RangeError} For a `topN` below 1.
   */
  constructor(personality: string, options: PersonalityStatisticsOptions = {}) {
    const { topN = 5 } = options;
    if (!Number.isInteger(topN) || topN < 1) {
      throw new RangeError(`topN must be a positive integer: got ${topN}`);
    }
    this.#personality = personality;
    this.#topN = topN;
  }

  /** Adds one distinct record. */
  add(record: ListeningRecord): void {
    this.#events++;
    if (record.interaction === "played") this.#plays++;
    this.#users.add(record.user_id);
    this.#listenedMs += record.listening_time.end_time -
      record.listening_time.start_time;
    bump(
      this.#songs,
      `${record.song_name}\u0000${record.artist}`,
      [record.song_name, record.artist],
    );
    bump(this.#artists, record.artist, record.artist);
    bump(this.#genres, record.genre, record.genre);
  }

  /** The statistics of everything added so far. */
  result(): PersonalityStatistics {
    const n = this.#topN;
    return {
      personality: this.#personality,
      events: this.#events,
      plays: this.#plays,
      users: this.#users.size,
      topSongs: top(this.#songs, n).map((e, i) => ({
        song_name: e.key[0],
        artist: e.key[1],
        events: e.events,
        rank: i + 1,
      })),
      topArtists: top(this.#artists, n).map((e, i) => ({
        name: e.key,
        events: e.events,
        rank: i + 1,
      })),
      topGenres: top(this.#genres, n).map((e, i) => ({
        name: e.key,
        events: e.events,
        rank: i + 1,
      })),
      listenedMinutes: this.#listenedMs / 60_000,
      avgListenedSeconds: this.#events === 0
        ? 0
        : this.#listenedMs / 1000 / this.#events,
    };
  }
}
