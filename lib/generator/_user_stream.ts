/**
 * One user's lazily generated events: sessions planned up front (sorted,
 * non-overlapping), songs played back to back within each session.
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
  #sessionEnd = 0;
  #t = 0;

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
    const planned: { start: number; length: number }[] = [];
    for (let k = 0; k < n; k++) {
      const day = rng.int(s.days);
      const weekday = (s.firstWeekday - 1 + day) % 7; // 0 = Monday
      const hour = sessionStartHour(rng.next(), weekday >= 5);
      const start = zone.toUtc(day, hour * HOUR_MS + rng.int(HOUR_MS));
      const length = s.minSessionMs +
        Math.round(rng.next() * (s.maxSessionMs - s.minSessionMs));
      planned.push({ start, length });
    }
    planned.sort((a, b) => a.start - b.start);
    const starts = new Float64Array(n), ends = new Float64Array(n);
    let previousEnd = -Infinity;
    planned.forEach(({ start, length }, k) => {
      // Sessions never overlap: a clash starts after the previous one.
      const begin = Math.max(start, previousEnd + SESSION_GAP_MS);
      starts[k] = begin;
      ends[k] = begin + length;
      previousEnd = ends[k];
    });
    return [starts, ends];
  }

  /** Moves to the next event; sets `done` after the last one. */
  advance(): void {
    if (this.#t >= this.#sessionEnd) {
      if (++this.#session >= this.#sessionStarts.length) {
        this.done = true;
        return;
      }
      this.#t = this.#sessionStarts[this.#session];
      this.#sessionEnd = this.#sessionEnds[this.#session];
    }
    const rng = this.#rng;
    const song = this.#chooser.next();
    const lengthMs = this.#settings.catalog.songs[song].lengthSeconds * 1000;
    const u = rng.next();
    const cumulative = this.#settings.interactionCumulative;
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
    this.song = song;
    this.interaction = interaction;
    this.start = this.#t;
    this.end = this.#t + listenedMs;
    this.#t = this.end + gapMs;
  }
}
