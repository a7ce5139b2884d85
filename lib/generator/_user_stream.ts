/**
 * One user's lazily generated events: sessions planned up front (sorted,
 * non-overlapping), songs played back to back within each session. One
 * session is generated at a time, so memory per user is bounded by the
 * longest session, not by the user's history.
 *
 * @module
 */
import type { Personality } from "../personalities/mod.ts";
import type { Place } from "../places/mod.ts";
import { sessionStartHour } from "./diurnal_curve.ts";
import { LISTENING_MODEL as M } from "./listening_model.ts";
import type { SeededRandom } from "./seeded_random.ts";
import { pickCumulative } from "./_cumulative.ts";
import {
  createListenerProfile,
  type ListenerProfile,
} from "./_listener_profile.ts";
import { type SongChoiceTables, SongChooser } from "./_song_choice.ts";
import type { ZoneOffsets } from "./_zone_offsets.ts";

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/** Least time between two sessions of a user. */
const SESSION_GAP_MS = 15 * MINUTE_MS;
const WEEKEND_BIT = 32;
const SKIP_NEW = M.skip.newSong, SKIP_KNOWN = M.skip.knownSong;
const EARLY_NEW = M.skipTiming.early + M.skipTiming.newEarlyBonus;
const EARLY_KNOWN = M.skipTiming.early - M.skipTiming.newEarlyBonus;
const SKIP_MID = M.skipTiming.mid;

/** Interaction indexes (order of `INTERACTIONS`). */
export const PLAYED = 0, PAUSED = 1, SKIPPED = 2, REPEATED = 3, ADDED = 4;

/** Settings shared by all users of one run. */
export interface StreamSettings {
  tables: SongChoiceTables;
  /** Mean sessions per user (exact with `fixedSessionMs`). */
  sessionsPerUser: number;
  /**
   * `[min, max]` ms: the original's fixed sessions (every user exactly
   * `sessionsPerUser`, uniform lengths, uniform days); `null`: the model's.
   */
  fixedSessionMs: readonly [number, number] | null;
  days: number;
  /** Weekday of the period's first day, 1 = Monday … 7 = Sunday. */
  firstWeekday: number;
  /** Cumulative weight of each day of the period (day-of-week weights). */
  dayCumulative: Float64Array;
  /** Interaction weights, normalised: played, paused, skipped, added. */
  weights: Float64Array;
  /** Probability that a completed song is played again (`repeated`). */
  repeatP: number;
}

/** One user's state and current event. */
export class UserStream {
  /** 0-based position among the run's users (heap tie-break). */
  readonly index: number;
  /** `user_id` of the records. */
  readonly userId: number;
  readonly personality: Personality;
  readonly place: Place;
  /** Latent traits and behaviour parameters. */
  readonly profile: ListenerProfile;
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
  /** Local start hour of each session, + WEEKEND_BIT on weekends. */
  #sessionHours: Uint8Array;
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
    this.profile = createListenerProfile(
      personality,
      rng,
      settings.tables.genreCumulative,
    );
    this.#chooser = new SongChooser(settings.tables, this.profile, rng);
    [this.#sessionStarts, this.#sessionEnds, this.#sessionHours] = this
      .#planSessions(zone);
    this.advance();
  }

  /** Sessions: a day, a local start hour on the diurnal curve, a length. */
  #planSessions(zone: ZoneOffsets): [Float64Array, Float64Array, Uint8Array] {
    const s = this.#settings;
    const rng = this.#rng;
    const fixed = s.fixedSessionMs;
    const n = fixed ? s.sessionsPerUser : Math.max(
      1,
      Math.min(
        Math.round(s.sessionsPerUser * this.profile.activity),
        s.days * 4,
      ),
    );
    const planned = new Float64Array(n), info = new Uint8Array(n);
    for (let k = 0; k < n; k++) {
      const day = fixed
        ? rng.int(s.days)
        : pickCumulative(s.dayCumulative, rng.next());
      const weekend = (s.firstWeekday - 1 + day) % 7 >= 5;
      let hour = sessionStartHour(rng.next(), weekend);
      if (!fixed) hour = (hour + this.profile.rhythmShift + 48) % 24;
      planned[k] = zone.toUtc(day, hour * HOUR_MS + rng.int(HOUR_MS));
      info[k] = hour + (weekend ? WEEKEND_BIT : 0);
    }
    const order = Int32Array.from(planned.keys()).sort((a, b) =>
      planned[a] - planned[b] || a - b
    );
    const starts = new Float64Array(n), ends = new Float64Array(n);
    const hours = new Uint8Array(n);
    // The model's sessions pushed past the period's last local day are
    // dropped (fixed sessions are kept, as the original did).
    const periodEnd = fixed ? Infinity : zone.toUtc(s.days, 0);
    let previousEnd = -Infinity, kept = 0;
    for (let k = 0; k < n; k++) {
      const length = fixed
        ? fixed[0] + Math.round(rng.next() * (fixed[1] - fixed[0]))
        : this.#modelSessionMs();
      // Sessions never overlap: a clash starts after the previous one.
      const start = Math.max(planned[order[k]], previousEnd + SESSION_GAP_MS);
      if (start >= periodEnd && kept > 0) break;
      starts[kept] = start;
      ends[kept] = start + length;
      hours[kept++] = info[order[k]];
      previousEnd = start + length;
    }
    return [
      starts.subarray(0, kept),
      ends.subarray(0, kept),
      hours.subarray(0, kept),
    ];
  }

  /** A log-normal session length (LISTENING_MODEL.session). */
  #modelSessionMs(): number {
    const { medianMinutes, sigma, minMinutes, maxMinutes } = M.session;
    const minutes = medianMinutes * Math.exp(sigma * this.#rng.normal());
    return Math.round(
      Math.min(maxMinutes, Math.max(minMinutes, minutes)) * MINUTE_MS,
    );
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
    const s = this.#settings;
    const tables = s.tables;
    const lengths = tables.lengthMs;
    // A session never starts within SESSION_GAP_MS of the previous one's
    // last song (which may run past the planned end).
    const planned = this.#sessionStarts[this.#session];
    let t = Math.max(planned, this.#lastEnd + SESSION_GAP_MS);
    const sessionEnd = t + this.#sessionEnds[this.#session] - planned;
    const info = this.#sessionHours[this.#session];
    const hour = info & (WEEKEND_BIT - 1);
    const mood = M.moodByHour[hour] * M.moodRejection;
    const skipBase = this.profile.skipFactor * M.skipByHour[hour] *
      (info & WEEKEND_BIT ? M.weekendSkip : 1);
    const maxYear = new Date(t).getUTCFullYear();
    const w = s.weights;
    const wPlayed = w[0], wPaused = w[1], wSkip = w[2], wAdded = w[3];
    const wOther = wPlayed + wPaused + wAdded;
    let n = 0;
    let previous = -1;
    while (t < sessionEnd) {
      if (n === this.#songs.length) this.#grow();
      let song: number, interaction: number, listenedMs: number;
      let gapMs = rng.int(2000);
      if (previous >= 0 && rng.next() < s.repeatP) {
        song = previous;
        interaction = REPEATED;
        listenedMs = lengths[song];
      } else {
        song = chooser.next(maxYear, mood);
        const isNew = chooser.lastNew;
        const skipWeight = wSkip * skipBase * tables.skipFactor[song] *
          (isNew ? SKIP_NEW : SKIP_KNOWN);
        let u = rng.next() * (skipWeight + wOther);
        const lengthMs = lengths[song];
        if (u < skipWeight) {
          interaction = SKIPPED;
          listenedMs = this.#skipMs(lengthMs, isNew);
        } else if ((u -= skipWeight) < wPlayed || wOther === 0) {
          interaction = PLAYED;
          listenedMs = lengthMs;
        } else if (u < wPlayed + wPaused) {
          interaction = PAUSED;
          listenedMs = Math.round(lengthMs * (0.2 + 0.75 * rng.next()));
          gapMs = 5000 + rng.int(295_000);
        } else {
          interaction = ADDED;
          listenedMs = lengthMs;
        }
      }
      this.#songs[n] = song;
      this.#interactions[n] = interaction;
      this.#starts[n] = t;
      this.#ends[n] = t + listenedMs;
      n++;
      t += listenedMs + gapMs;
      previous = interaction === SKIPPED || interaction === PAUSED ? -1 : song;
    }
    this.#count = n;
    this.#lastEnd = this.#ends[n - 1];
  }

  /** How long a skipped song was listened to (LISTENING_MODEL.skipTiming). */
  #skipMs(lengthMs: number, isNew: boolean): number {
    const rng = this.#rng;
    const earlyShare = isNew ? EARLY_NEW : EARLY_KNOWN;
    const mid = SKIP_MID;
    const v = rng.next();
    let ms: number;
    if (v < earlyShare) ms = 1000 + rng.int(4000);
    else if (v < earlyShare + mid) ms = 5000 + rng.int(25_000);
    else ms = 30_000 + Math.floor(rng.next() * (0.95 * lengthMs - 30_000));
    return Math.max(0, Math.min(ms, lengthMs - 1));
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
