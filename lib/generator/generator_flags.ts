/**
 * The generator's command-line flags, shared by `deno task generate` and
 * any command that generates on the fly (e.g. `produce --live`): add them
 * to a commander command, then turn the parsed flags into
 * {@linkcode GeneratorOptions}.
 *
 * @module
 */
import { type Command, Option } from "commander";
import { Duration } from "luxon";
import { loadSpotifyCsv } from "../catalog/mod.ts";
import {
  durationMs,
  nonNegativeInteger,
  positiveInteger,
} from "../support/mod.ts";
import {
  GENERATOR_DEFAULTS,
  type GeneratorOptions,
} from "./generator_options.ts";
import {
  type InteractionWeights,
  parseInteractionWeights,
} from "./interactions.ts";

/** The parsed values of the flags {@linkcode addGeneratorOptions} adds. */
export interface GeneratorFlags {
  /** `--users`. */
  users: number;
  /** `--sessions-per-user`. */
  sessionsPerUser: number;
  /** `--session-hours` as `[min, max]`, if given (the original's sessions). */
  sessionHours?: readonly [number, number];
  /** `--start` (`YYYY-MM-DD`). */
  start: string;
  /** `--days`. */
  days: number;
  /** `--seed`. */
  seed: number;
  /** `--catalog` path, if given. */
  catalog?: string;
  /** `--max-disorder` in milliseconds. */
  maxDisorder: number;
  /** `--interaction-weights`, if given. */
  interactionWeights?: InteractionWeights;
}

/**
 * Adds `--users`, `--sessions-per-user`, `--session-hours`, `--start`,
 * `--days`, `--seed`, `--catalog`, `--max-disorder` and
 * `--interaction-weights` to a command, with parsers that fail with
 * one clear message (`--users must be a positive integer: got "abc"`).
 *
 * @param command A commander command.
 * @returns The same command.
 */
export function addGeneratorOptions(command: Command): Command {
  const d = GENERATOR_DEFAULTS;
  return command
    .option(
      "--users <n>",
      "number of users",
      positiveInteger("--users"),
      d.users,
    )
    .option(
      "--sessions-per-user <n>",
      "mean listening sessions per user (exact with --session-hours)",
      positiveInteger("--sessions-per-user"),
      d.sessionsPerUser,
    )
    .addOption(
      new Option(
        "--session-hours <min-max>",
        "the original's fixed sessions: every user exactly " +
          "--sessions-per-user sessions of MIN-MAX hours, e.g. 1-3 " +
          "(default: log-normal lengths, median 30 min)",
      ).argParser(parseSessionHours),
    )
    .option(
      "--start <date>",
      "first day of the period, YYYY-MM-DD (listeners' local calendar)",
      parseStartDate,
      d.start,
    )
    .option(
      "--days <n>",
      "number of days in the period",
      positiveInteger("--days"),
      d.days,
    )
    .option(
      "--seed <n>",
      "seed of every random choice (same flags + seed = same output)",
      nonNegativeInteger("--seed"),
      d.seed,
    )
    .option(
      "--catalog <path>",
      'song catalogue in the Spotify "Top 2000s" CSV format ' +
        "(default: the built-in catalogue)",
    )
    .option(
      "--max-disorder <duration>",
      "shuffle events by up to this much event time (e.g. 30s, 5m, 1h, PT2M)",
      parseDuration("--max-disorder"),
      0,
    )
    .option(
      "--interaction-weights <pairs>",
      "relative weights, e.g. played=0.5,skipped=0.3 (others keep defaults)",
      parseInteractionWeights,
    );
}

/**
 * Turns parsed flags into generator options, loading `--catalog` if given.
 *
 * @param flags The command's parsed options.
 * @returns The generator options.
 * @throws {Error} When the catalogue cannot be read.
 * @throws {TypeError} A `CatalogFormatError` for a malformed catalogue.
 */
export async function generatorOptionsFromFlags(
  flags: GeneratorFlags,
): Promise<GeneratorOptions> {
  return {
    users: flags.users,
    sessionsPerUser: flags.sessionsPerUser,
    sessionHours: flags.sessionHours,
    start: flags.start,
    days: flags.days,
    seed: flags.seed,
    maxDisorderMs: flags.maxDisorder,
    interactionWeights: flags.interactionWeights,
    catalog: flags.catalog ? await loadSpotifyCsv(flags.catalog) : undefined,
  };
}

/**
 * Parses `--session-hours MIN-MAX` (hours, decimals allowed).
 *
 * @param raw E.g. `"1-3"`.
 * @returns `[min, max]`.
 * @throws {RangeError} Malformed, non-positive, over 24 or inverted.
 */
export function parseSessionHours(raw: string): [number, number] {
  const match = /^\s*(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)\s*$/.exec(raw);
  if (!match) {
    throw new RangeError(
      `--session-hours must be MIN-MAX hours such as 1-3: got ${
        JSON.stringify(raw)
      }`,
    );
  }
  const min = Number(match[1]), max = Number(match[2]);
  if (min <= 0 || max > 24) {
    throw new RangeError(
      `--session-hours must be within 0 (exclusive) and 24 hours: got ${
        JSON.stringify(raw)
      }`,
    );
  }
  if (min > max) {
    throw new RangeError(
      `--session-hours must have MIN ≤ MAX: got ${JSON.stringify(raw)}`,
    );
  }
  return [min, max];
}

/**
 * Parses `--start` (a calendar date, `YYYY-MM-DD`).
 *
 * @param raw E.g. `"2025-03-01"`.
 * @returns The same date string.
 * @throws {RangeError} Not a valid date.
 */
export function parseStartDate(raw: string): string {
  const value = raw.trim();
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(value) ||
    Number.isNaN(Date.parse(`${value}T00:00:00Z`)) ||
    new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value
  ) {
    throw new RangeError(
      `--start must be a date YYYY-MM-DD: got ${JSON.stringify(raw)}`,
    );
  }
  return value;
}

/**
 * Parser for a duration flag: `250ms`, `30s`, `5m`, `1h`, `1d`, `0` (any
 * text `durationMs` reads), or an ISO-8601 duration (`PT5M`, read with
 * luxon).
 *
 * @param flag The flag named in errors.
 * @returns A parser giving milliseconds.
 */
export function parseDuration(flag: string): (raw: string) => number {
  return (raw) => {
    const value = raw.trim();
    let ms = NaN;
    if (value === "0") ms = 0;
    else if (/^P/i.test(value)) {
      const duration = Duration.fromISO(value.toUpperCase());
      if (duration.isValid) ms = duration.toMillis();
    } else {
      try {
        ms = durationMs(value, flag);
      } catch { /* the message below names the forms */ }
    }
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RangeError(
        `${flag} must be a duration such as 500ms, 30s, 5m, 1h or PT5M: got ${
          JSON.stringify(raw)
        }`,
      );
    }
    return ms;
  };
}
