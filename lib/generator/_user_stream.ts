/**
 * One user's lazily generated events: sessions planned up front (sorted,
 * non-overlapping), songs played back to back within each session. One
 * session is generated at a time, so memory per user is bounded by the
 * longest session, not by the user's history.
 *
 * @module
 */
import type { Catalog } from "../catalog/mod.ts";
import type { Personality } from "../personalities/mod.ts";
import type { Place } from "../places/mod.ts";
import { sessionStartHour } from "./diurnal_curve.ts";
import type { SeededRandom } from "./seeded_random.ts";
import { type SongChoiceTables, SongChooser } from "./_song_choice.ts";
import type { ZoneOffsets } from "./_zone_offsets.ts";

const HOUR_MS = 3_600_000;
/** Least time between two sessions of a user. */
const SESSION_GAP_MS = 15 * 60_000;

/** Interaction indexes (order of `INTERACTIONS`). */
export const PLAYED = 0, PAUSED = 1, SKIPPED = 2, REPEATED = 3, ADDED = 4;

/** Settings shared by all users of one run. */
export interface StreamSettings {
  catalog: Catalog;
  tables: SongChoiceTables;
  sessionsPerUser: number;
  minSessionMs: number;
  maxSessionMs: number;
  days: number;
  /** Weekday of the period's first day, 1 = Monday … 7 = Sunday. */
  firstWeekday: number;
  /** Cumulative interaction probabilities (5 entries, last = 1). */
  interactionCumulative: Float64Array;
}

/** One user's state and current event. */
export class UserStream {
  /** 0-based position among the run's users (heap tie-break). */
  readonly index: number;
  /** `user_id` of the records. */
  readonly userId: number;
  readonly personality: Personality;
  readonly place: Place;
  /** The current event (valid while `done` is false). */
  start = 0;
  end = 0;
  song = 0;
  interaction = 0;
  /** No more events. */
  done = false;
  #settings: StreamSettings;
  #rng: SeededRandom;
  #chooser: SongChooser;
  #sessionStarts: Float64Array;
  #sessionEnds: Float64Array;
  #session = -1;
  /** The current session's events (buffers reused from session to session). */
  #songs = new Int32Array(64);
  #interactions = new Uint8Array(64);
  #starts = new Float64Array(64);
  #ends = new Float64Array(64);
  #count = 0;
  #cursor = 0;
  #lastEnd = -Infinity;

  constructor(
    index: number,
    personality: Personality,
    place: Place,
    zone: ZoneOffsets,
    rng: SeededRandom,
    settings: StreamSettings,
  ) {
    this.index = index;
    this.userId = index + 1;
    this.personality = personality;
    this.place = place;
    this.#settings = settings;
    this.#rng = rng;
    this.#chooser = new SongChooser(settings.tables, personality, rng);
    [this.#sessionStarts, this.#sessionEnds] = this.#planSessions(zone);
    this.advance();
  }

  /** Sessions: a day, a local start hour on the diurnal curve, a length. */
  #planSessions(zone: ZoneOffsets): [Float64Array, Float64Array] {
    const s = this.#settings;
    const rng = this.#rng;
    const n = s.sessionsPerUser;
    const starts = new Float64Array(n), ends = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const day = rng.int(s.days);
      const weekday = (s.firstWeekday - 1 + day) % 7; // 0 = Monday
      const hour = sessionStartHour(rng.next(), weekday >= 5);
      starts[k] = zone.toUtc(day, hour * HOUR_MS + rng.int(HOUR_MS));
    }
    starts.sort();
    let previousEnd = -Infinity;
    for (let k = 0; k < n; k++) {
      const length = s.minSessionMs +
        Math.round(rng.next() * (s.maxSessionMs - s.minSessionMs));
      // Sessions never overlap: a clash starts after the previous one.
      starts[k] = Math.max(starts[k], previousEnd + SESSION_GAP_MS);
      ends[k] = starts[k] + length;
      previousEnd = ends[k];
    }
    return [starts, ends];
  }

  /** Moves to the next event; sets `done` after the last one. */
  advance(): void {
    if (++this.#cursor >= this.#count) {
      if (++this.#session >= this.#sessionStarts.length) {
        this.done = true;
        return;
      }
      this.#fillSession();
      this.#cursor = 0;
    }
    const c = this.#cursor;
    this.song = this.#songs[c];
    this.interaction = this.#interactions[c];
    this.start = this.#starts[c];
    this.end = this.#ends[c];
  }

  /**
   * Generates the whole current session at once into the buffers, so the
   * user's state stays hot in the CPU cache while its songs are chosen.
   */
  #fillSession(): void {
    const rng = this.#rng;
    const chooser = this.#chooser;
    const lengths = this.#settings.tables.lengthMs;
    const cumulative = this.#settings.interactionCumulative;
    // A session never starts within SESSION_GAP_MS of the previous one's
    // last song (which may run past the planned end).
    const planned = this.#sessionStarts[this.#session];
    let t = Math.max(planned, this.#lastEnd + SESSION_GAP_MS);
    const sessionEnd = t + this.#sessionEnds[this.#session] - planned;
    let n = 0;
    while (t < sessionEnd) {
      if (n === this.#songs.length) this.#grow();
      const song = chooser.next();
      const lengthMs = lengths[song];
      const u = rng.next();
      let interaction = 0;
      while (interaction < 4 && cumulative[interaction] <= u) interaction++;
      let listenedMs: number;
      let gapMs = rng.int(2000);
      switch (interaction) {
        case PAUSED:
          listenedMs = Math.round(lengthMs * (0.2 + 0.7 * rng.next()));
          gapMs = 5000 + rng.int(295_000);
          break;
        case SKIPPED:
          listenedMs = Math.min(lengthMs, 2000 + rng.int(13_000));
          break;
        case REPEATED:
          listenedMs = 2 * lengthMs;
          break;
        default: // played, added_to_playlist: the whole song
          listenedMs = lengthMs;
      }
      this.#songs[n] = song;
      this.#interactions[n] = interaction;
      this.#starts[n] = t;
      this.#ends[n] = t + listenedMs;
      n++;
      t += listenedMs + gapMs;
    }
    this.#count = n;
    this.#lastEnd = this.#ends[n - 1];
  }

  #grow(): void {
    const size = this.#songs.length * 2;
    const songs = new Int32Array(size);
    songs.set(this.#songs);
    this.#songs = songs;
    const interactions = new Uint8Array(size);
    interactions.set(this.#interactions);
    this.#interactions = interactions;
    const starts = new Float64Array(size);
    starts.set(this.#starts);
    this.#starts = starts;
    const ends = new Float64Array(size);
    ends.set(this.#ends);
    this.#ends = ends;
  }
}
