/**
 * Every realism property of a dataset, measured in one pass over its
 * records. Memory grows with listeners, songs and genres, not with events.
 *
 * @module
 */
import { DAY_MS, TimeZoneOffsets } from "../analysis/mod.ts";
import {
  medianSplitAgreement,
  PersonalityMetricsAccumulator,
  type UserPersonalityMetrics,
  WEEKDAY_HOUR_WEIGHTS,
  WEEKEND_HOUR_WEIGHTS,
} from "../generator/mod.ts";
import { personalityByName } from "../personalities/mod.ts";
import type { ListeningRecord } from "../schema/mod.ts";
import {
  cohensD,
  gini,
  HistogramMedian,
  pearson,
  quantile,
  spearman,
} from "./_statistics.ts";

const HOUR_MS = 3_600_000;
/** A gap of this much between two events of a listener starts a session. */
export const SESSION_GAP_MS = 15 * 60_000;
/** Listeners with fewer events are left out of the per-listener figures. */
export const MIN_EVENTS = 200;

/** The four personality axes, in the metrics' names. */
export type Axis = "loyalty" | "familiarity" | "newness" | "commonality";
const AXES: readonly Axis[] = [
  "loyalty",
  "familiarity",
  "newness",
  "commonality",
];
const HIGH_LETTER: Record<Axis, string> = {
  loyalty: "L",
  familiarity: "F",
  newness: "N",
  commonality: "C",
};

/** Options of {@linkcode RealismMeasures.result}. */
export interface RealismResultOptions {
  /**
   * The catalogue's recent-quarter year (Newness); default: the 75th
   * percentile of the release years of the songs played.
   */
  recentYear?: number;
  /** Listeners with fewer events are not "active". Default 200. */
  minEvents?: number;
}

/** What {@linkcode RealismMeasures.result} reports. */
export interface RealismMeasurements {
  /** Records read. */
  events: number;
  /** Listeners. */
  listeners: number;
  /** Active listeners: at least `minEvents` events. */
  activeListeners: number;
  /** The least events of an active listener. */
  minEvents: number;
  /** Distinct songs played. */
  songs: number;
  /** Share of events per interaction. */
  interactions: Record<string, number>;
  /** Share of events listened to for less than 5 s. */
  stoppedWithin5s: number;
  /** Share of events stopped before the song's end. */
  stoppedBeforeEnd: number;
  /** Share of events going to the top 1 % of the songs played. */
  top1PercentShare: number;
  /** Fewest events of any song played. */
  fewestPlays: number;
  /** Spearman correlation of events per song with its popularity. */
  playsPopularitySpearman: number;
  /** Events per local weekday, Monday first, relative to the busiest. */
  weekdays: number[];
  /** Sunday's events / Friday's. */
  sundayToFriday: number;
  /** Median session length, minutes (a 15-minute gap starts a session). */
  medianSessionMinutes: number;
  /** Share of sessions under 30 minutes. */
  sessionsUnder30Min: number;
  /** Mean minutes listened per listener per local day with listening. */
  minutesPerActiveDay: number;
  /** Gini coefficient of events per listener. */
  activityGini: number;
  /** Events of the 90th-percentile listener / the 10th's. */
  activityP90ToP10: number;
  /** Distinct genres in the data. */
  genres: number;
  /** Median genres heard by an active listener. */
  medianGenres: number;
  /** 10th and 90th percentile of active listeners' share in their top 3 genres. */
  top3GenreShare: [number, number];
  /** The recent-quarter year used for Newness (from the songs played). */
  recentYear: number;
  /** Median-split recovery per axis, active listeners. */
  recovery: Record<Axis, number>;
  /** Cohen's d between the letter groups per axis, active listeners. */
  effectSize: Record<Axis, number>;
  /** Mean energy per local hour 0–23. */
  energyByHour: number[];
  /** Mean energy 00:00–04:59 local minus 12:00–17:59 local. */
  nightMinusDayEnergy: number;
  /** Share of events per local hour 0–23. */
  hourShares: number[];
  /** Pearson correlation of the hourly shares with the reference curve. */
  diurnalCorrelation: number;
}

interface Listener {
  events: number;
  lastEnd: number;
  sessionStart: number;
  day: number;
  dayMs: number;
  genres: Map<string, number>;
}

interface SongTally {
  plays: number;
  popularity: number;
  year: number;
}

/** One-pass accumulator of the realism properties. */
export class RealismMeasures {
  #offsets = new TimeZoneOffsets();
  #metrics = new PersonalityMetricsAccumulator();
  #listeners = new Map<number, Listener>();
  #songs = new Map<string, SongTally>();
  #interactions = new Map<string, number>();
  #events = 0;
  #within5s = 0;
  #beforeEnd = 0;
  #weekdays = new Array<number>(7).fill(0);
  #hours = new Array<number>(24).fill(0);
  #energy = new Array<number>(24).fill(0);
  #sessions = new HistogramMedian(0.5);
  #sessionsUnder30 = 0;
  #activeDays = 0;
  #activeDayMinutes = 0;

  /**
   * Adds one record (each listener's records in time order).
   *
   * @param r The record.
   */
  add(r: ListeningRecord): void {
    this.#events++;
    this.#metrics.add(r);
    const { start_time: start, end_time: end } = r.listening_time;
    const listened = end - start;
    if (listened < 5000) this.#within5s++;
    if (listened < r.length_seconds * 1000) this.#beforeEnd++;
    this.#interactions.set(
      r.interaction,
      (this.#interactions.get(r.interaction) ?? 0) + 1,
    );
    const key = `${r.song_name}\u0000${r.artist}`;
    const song = this.#songs.get(key);
    if (song) song.plays++;
    else {
      this.#songs.set(key, {
        plays: 1,
        popularity: r.popularity,
        year: r.year,
      });
    }
    const local = start +
      this.#offsets.offsetAt(r.user_location.timezone, start);
    const day = Math.floor(local / DAY_MS);
    const hour = Math.floor((local - day * DAY_MS) / HOUR_MS);
    this.#weekdays[(day + 3) % 7]++; // epoch day 0 was a Thursday
    this.#hours[hour]++;
    this.#energy[hour] += r.energy;
    this.#listener(r, day, listened);
  }

  #listener(r: ListeningRecord, day: number, listened: number): void {
    const { start_time: start, end_time: end } = r.listening_time;
    let l = this.#listeners.get(r.user_id);
    if (!l) {
      l = {
        events: 0,
        lastEnd: -Infinity,
        sessionStart: start,
        day,
        dayMs: 0,
        genres: new Map(),
      };
      this.#listeners.set(r.user_id, l);
    }
    l.events++;
    l.genres.set(r.genre, (l.genres.get(r.genre) ?? 0) + 1);
    if (start - l.lastEnd >= SESSION_GAP_MS) {
      if (l.lastEnd > -Infinity) this.#endSession(l);
      l.sessionStart = start;
    }
    l.lastEnd = Math.max(l.lastEnd, end);
    if (day !== l.day) {
      this.#endDay(l.dayMs);
      l.day = day;
      l.dayMs = 0;
    }
    l.dayMs += listened;
  }

  #endSession(l: Listener): void {
    const minutes = (l.lastEnd - l.sessionStart) / 60_000;
    this.#sessions.add(minutes);
    if (minutes < 30) this.#sessionsUnder30++;
  }

  #endDay(ms: number): void {
    if (ms <= 0) return;
    this.#activeDays++;
    this.#activeDayMinutes += ms / 60_000;
  }

  /**
   * The measurements of everything added so far.
   *
   * @param options The recent-quarter year and who counts as active.
   * @returns The measurements.
   */
  result(options: RealismResultOptions = {}): RealismMeasurements {
    const { recentYear, minEvents = MIN_EVENTS } = options;
    // Close open sessions and days (on copies: more records may follow).
    const sessions = this.#sessions.copy();
    let under30 = this.#sessionsUnder30, days = this.#activeDays;
    let dayMinutes = this.#activeDayMinutes;
    for (const l of this.#listeners.values()) {
      const minutes = (l.lastEnd - l.sessionStart) / 60_000;
      sessions.add(minutes);
      if (minutes < 30) under30++;
      if (l.dayMs > 0) {
        days++;
        dayMinutes += l.dayMs / 60_000;
      }
    }
    const n = this.#events;
    const songs = [...this.#songs.values()];
    const year = recentYear ?? quantileYear(songs);
    const metrics = this.#metrics.result({ recentYear: year, minEvents });
    const friday = this.#weekdays[4];
    const busiest = Math.max(...this.#weekdays);
    const energy = this.#energy.map((e, h) => e / Math.max(1, this.#hours[h]));
    const meanOf = (from: number, to: number) => {
      let e = 0, c = 0;
      for (let h = from; h < to; h++) {
        e += this.#energy[h];
        c += this.#hours[h];
      }
      return e / c;
    };
    const hourShares = this.#hours.map((h) => h / n);
    return {
      events: n,
      listeners: this.#listeners.size,
      activeListeners: metrics.length,
      songs: songs.length,
      interactions: Object.fromEntries(
        [...this.#interactions].sort().map(([k, v]) => [k, v / n]),
      ),
      stoppedWithin5s: this.#within5s / n,
      stoppedBeforeEnd: this.#beforeEnd / n,
      ...songFigures(songs, n),
      weekdays: this.#weekdays.map((w) => w / busiest),
      sundayToFriday: this.#weekdays[6] / friday,
      medianSessionMinutes: sessions.median(),
      sessionsUnder30Min: under30 / sessions.count,
      minutesPerActiveDay: dayMinutes / days,
      ...this.#activity(),
      minEvents,
      ...this.#taste(minEvents),
      recentYear: year,
      ...personalityFigures(metrics),
      energyByHour: energy,
      nightMinusDayEnergy: meanOf(0, 5) - meanOf(12, 18),
      hourShares,
      diurnalCorrelation: pearson(hourShares, REFERENCE_CURVE),
    };
  }

  #activity() {
    const events = [...this.#listeners.values()].map((l) => l.events);
    const sorted = [...events].sort((a, b) => a - b);
    return {
      activityGini: gini(events),
      activityP90ToP10: quantile(sorted, 0.9) / quantile(sorted, 0.1),
    };
  }

  #taste(minEvents: number) {
    const genres = new Set<string>();
    const heard: number[] = [], top3: number[] = [];
    for (const l of this.#listeners.values()) {
      for (const g of l.genres.keys()) genres.add(g);
      if (l.events < minEvents) continue;
      heard.push(l.genres.size);
      const counts = [...l.genres.values()].sort((a, b) => b - a);
      top3.push((counts[0] + (counts[1] ?? 0) + (counts[2] ?? 0)) / l.events);
    }
    heard.sort((a, b) => a - b);
    top3.sort((a, b) => a - b);
    return {
      genres: genres.size,
      medianGenres: quantile(heard, 0.5),
      top3GenreShare: [quantile(top3, 0.1), quantile(top3, 0.9)] as [
        number,
        number,
      ],
    };
  }
}

/** The reference daily curve: 5 weekdays and 2 weekend days of start weights. */
const REFERENCE_CURVE = WEEKDAY_HOUR_WEIGHTS.map((w, h) =>
  5 * w + 2 * WEEKEND_HOUR_WEIGHTS[h]
);

function quantileYear(songs: readonly SongTally[]): number {
  const years = songs.map((s) => s.year).sort((a, b) => a - b);
  return years[Math.floor(years.length * 0.75)] ?? 0;
}

function songFigures(songs: readonly SongTally[], events: number) {
  const plays = songs.map((s) => s.plays).sort((a, b) => b - a);
  const top = Math.max(1, Math.round(plays.length / 100));
  const topPlays = plays.slice(0, top).reduce((a, b) => a + b, 0);
  return {
    top1PercentShare: topPlays / events,
    fewestPlays: plays.at(-1) ?? 0,
    playsPopularitySpearman: spearman(
      songs.map((s) => s.plays),
      songs.map((s) => s.popularity),
    ),
  };
}

function personalityFigures(metrics: readonly UserPersonalityMetrics[]) {
  const agreement = medianSplitAgreement(metrics);
  const effectSize = {} as Record<Axis, number>;
  for (const axis of AXES) {
    const high: number[] = [], low: number[] = [];
    for (const m of metrics) {
      const p = personalityByName(m.personality);
      (p[axis] === HIGH_LETTER[axis] ? high : low).push(m[axis]);
    }
    effectSize[axis] = cohensD(high, low);
  }
  return { recovery: { ...agreement }, effectSize };
}
