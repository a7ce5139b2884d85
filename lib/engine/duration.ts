/**
 * Durations as Spark writes them (`"6 hours"`, `"30 minutes"`, `"1h"`),
 * parsed into milliseconds.
 *
 * @module
 */

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  millisecond: 1,
  milliseconds: 1,
  s: 1_000,
  sec: 1_000,
  secs: 1_000,
  second: 1_000,
  seconds: 1_000,
  m: 60_000,
  min: 60_000,
  mins: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
  w: 604_800_000,
  week: 604_800_000,
  weeks: 604_800_000,
};

/** A duration: milliseconds as a number, or text like `"6 hours"`. */
export type Duration = number | string;

const PATTERN = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*$/;

/**
 * Converts a duration to whole milliseconds.
 *
 * Accepts a non-negative number of milliseconds, or a number and a unit
 * (`ms`, `s`/`second(s)`, `m`/`min`/`minute(s)`, `h`/`hour(s)`,
 * `d`/`day(s)`, `w`/`week(s)`), e.g. `"6 hours"`, `"30 minutes"`, `"1h"`.
 *
 * @param value The duration.
 * @param what Names the value in error messages, e.g. `"window size"`.
 * @returns The duration in milliseconds.
 * @throws {RangeError} When the text is not a duration, the unit is
 *   unknown, or the value is negative or not a whole number of ms.
 *
 * @example
 * ```ts
 * durationMs("6 hours"); // 21_600_000
 * durationMs("6 hourz"); // RangeError: duration must be ... got "6 hourz"
 * ```
 */
export function durationMs(value: Duration, what = "duration"): number {
  let ms: number;
  if (typeof value === "number") {
    ms = value;
  } else if (typeof value === "string") {
    const match = PATTERN.exec(value);
    const unit = match ? UNIT_MS[match[2].toLowerCase()] : undefined;
    if (!match || unit === undefined) {
      throw new RangeError(
        `${what} must be a number and a unit (ms, seconds, minutes, hours, ` +
          `days, weeks), like "6 hours": got ${JSON.stringify(value)}`,
      );
    }
    ms = Number(match[1]) * unit;
  } else {
    throw new TypeError(
      `${what} must be a number of milliseconds or a string like "6 hours": ` +
        `got ${typeof value}`,
    );
  }
  if (!Number.isFinite(ms) || ms < 0 || !Number.isInteger(ms)) {
    throw new RangeError(
      `${what} must be a whole, non-negative number of milliseconds: got ` +
        JSON.stringify(value),
    );
  }
  return ms;
}
