/**
 * Options of the listening-history generator, their defaults and checks.
 *
 * @module
 */
import { DateTime } from "luxon";
import { builtInCatalog, type Catalog } from "../catalog/mod.ts";
import {
  type InteractionWeights,
  resolveInteractionWeights,
} from "./interactions.ts";

/** What to generate. Every field is optional; defaults as documented. */
export interface GeneratorOptions {
  /** Number of users, 1 to 1,000,000. Default 100. */
  users?: number;
  /**
   * Mean sessions per user: each listener's count is this times a
   * log-normal activity factor (heavy and light users). With
   * `sessionHours`, every user has exactly this many. Default 3.
   */
  sessionsPerUser?: number;
  /**
   * The original's fixed sessions: every user exactly `sessionsPerUser`
   * sessions of a uniform length in `[min, max]` hours on uniformly drawn
   * days. Default: the model's sessions (log-normal lengths, median 30
   * min; day-of-week weights; personal daily rhythms).
   */
  sessionHours?: readonly [number, number];
  /**
   * First day of the period, `YYYY-MM-DD` (a calendar date: sessions start
   * on the listener's local days from this date on). Default `2025-01-01`.
   */
  start?: string;
  /** Number of days in the period. Default 365. */
  days?: number;
  /** Seed of every random choice. Default 42. */
  seed?: number;
  /** Song catalogue. Default: the built-in one. */
  catalog?: Catalog;
  /**
   * Shuffle events by up to this many milliseconds of event time (no event
   * comes after one that started more than this much later). Default 0:
   * strictly non-decreasing `start_time`.
   */
  maxDisorderMs?: number;
  /** Relative interaction weights (missing ones keep DESIGN §4.3 defaults). */
  interactionWeights?: Partial<InteractionWeights>;
}

/** Most sessions planned over all users (they are held in memory). */
export const MAX_PLANNED_SESSIONS = 100_000_000;

/** {@linkcode GeneratorOptions} with every default filled in and checked. */
export interface ResolvedGeneratorOptions {
  /** Number of users. */
  users: number;
  /** Sessions per user (the mean, or exact with `sessionHours`). */
  sessionsPerUser: number;
  /** Fixed session length range in hours, or `null` for the model's. */
  sessionHours: readonly [number, number] | null;
  /** First day, `YYYY-MM-DD`. */
  start: string;
  /** UTC midnight of `start`, epoch ms. */
  startMs: number;
  /** Days in the period. */
  days: number;
  /** Seed of every random choice. */
  seed: number;
  /** The song catalogue. */
  catalog: Catalog;
  /** Bound of the shuffle, ms (0 = in order). */
  maxDisorderMs: number;
  /** All five interaction weights. */
  interactionWeights: InteractionWeights;
}

/** The defaults of {@linkcode GeneratorOptions}. */
export const GENERATOR_DEFAULTS: Readonly<{
  users: number;
  sessionsPerUser: number;
  start: string;
  days: number;
  seed: number;
  maxDisorderMs: number;
}> = Object.freeze({
  users: 100,
  sessionsPerUser: 3,
  start: "2025-01-01",
  days: 365,
  seed: 42,
  maxDisorderMs: 0,
});

/**
 * Fills in defaults and checks every option.
 *
 * @param options The options.
 * @returns The complete options.
 * @throws {RangeError} For an out-of-range value (the message names the
 *   option and the value).
 * @throws {TypeError} For a value of the wrong type.
 */
export function resolveGeneratorOptions(
  options: GeneratorOptions = {},
): ResolvedGeneratorOptions {
  const d = GENERATOR_DEFAULTS;
  const users = integer("users", options.users ?? d.users, 1, 1_000_000);
  const sessionsPerUser = integer(
    "sessionsPerUser",
    options.sessionsPerUser ?? d.sessionsPerUser,
    1,
    1_000_000,
  );
  const days = integer("days", options.days ?? d.days, 1, 36_600);
  const seed = options.seed ?? d.seed;
  if (!Number.isSafeInteger(seed)) {
    throw new TypeError(`seed must be a safe integer: got ${seed}`);
  }
  const sessionHours = checkSessionHours(options.sessionHours);
  // Every user keeps their planned sessions (16 bytes each) in memory.
  if (users * sessionsPerUser > MAX_PLANNED_SESSIONS) {
    throw new RangeError(
      `users × sessionsPerUser must be at most ${MAX_PLANNED_SESSIONS}: got ${users} × ${sessionsPerUser}`,
    );
  }
  // Fixed sessions must fit; the model's average under an hour with the gap
  // and a listener has at most 4 a day on average.
  const hoursEach = sessionHours ? sessionHours[1] + 0.25 : 6;
  if (sessionsPerUser * hoursEach > days * 24) {
    throw new RangeError(
      sessionHours
        ? `${sessionsPerUser} sessions of up to ${
          sessionHours[1]
        } h (15 min apart) do not fit in ${days} days`
        : `${sessionsPerUser} sessions per user on average do not fit in ${days} days (at most 4 a day)`,
    );
  }
  const start = options.start ?? d.start;
  const date = DateTime.fromISO(start, { zone: "utc" });
  if (!date.isValid || !/^\d{4}-\d{2}-\d{2}$/.test(start)) {
    throw new RangeError(
      `start must be a date YYYY-MM-DD: got ${JSON.stringify(start)}`,
    );
  }
  const maxDisorderMs = options.maxDisorderMs ?? d.maxDisorderMs;
  if (!Number.isFinite(maxDisorderMs) || maxDisorderMs < 0) {
    throw new RangeError(
      `maxDisorderMs must be a number ≥ 0: got ${maxDisorderMs}`,
    );
  }
  const lastYear = date.plus({ days: days - 1 }).year;
  const catalog = options.catalog ??
    builtInCatalog({ latestYear: Math.min(DEFAULT_LATEST_YEAR, lastYear) });
  const firstRelease = Math.min(...catalog.songs.map((s) => s.year));
  if (firstRelease > date.year) {
    throw new RangeError(
      `the catalogue's songs are released from ${firstRelease} on: the period must not start before (start ${start})`,
    );
  }
  return {
    users,
    sessionsPerUser,
    sessionHours,
    start,
    startMs: date.toMillis(),
    days,
    seed,
    catalog,
    maxDisorderMs,
    interactionWeights: resolveInteractionWeights(
      options.interactionWeights as Record<string, number> | undefined,
    ),
  };
}

/** The built-in catalogue's latest year when the period runs later. */
const DEFAULT_LATEST_YEAR = 2025;

function checkSessionHours(
  hours: readonly [number, number] | undefined,
): readonly [number, number] | null {
  if (hours === undefined) return null;
  const [minH, maxH] = hours;
  for (const h of [minH, maxH]) {
    if (typeof h !== "number" || !Number.isFinite(h) || h <= 0 || h > 24) {
      throw new RangeError(
        `sessionHours must be between 0 (exclusive) and 24: got [${minH}, ${maxH}]`,
      );
    }
  }
  if (minH > maxH) {
    throw new RangeError(
      `sessionHours must be [min, max] with min ≤ max: got [${minH}, ${maxH}]`,
    );
  }
  return [minH, maxH];
}

function integer(name: string, value: number, min: number, max: number) {
  if (!Number.isSafeInteger(value)) {
    throw new TypeError(`${name} must be an integer: got ${value}`);
  }
  if (value < min || value > max) {
    throw new RangeError(
      `${name} must be an integer from ${min} to ${max}: got ${value}`,
    );
  }
  return value;
}
