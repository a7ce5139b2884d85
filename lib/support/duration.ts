/**
 * Durations as Spark writes them (`"6 hours"`, `"30 minutes"`, `"1h"`,
 * `"1 hour 30 minutes"`), parsed into milliseconds by `parse-duration`.
 *
 * @module
 */
import parseDuration from "parse-duration";

/** A duration: milliseconds as a number, or text like `"6 hours"`. */
export type Duration = number | string;

/**
 * Converts a duration to whole milliseconds.
 *
 * Accepts a non-negative number of milliseconds, or text with units
 * (`ms`, `s`/`sec`/`second(s)`, `m`/`min`/`minute(s)`, `h`/`hr`/`hour(s)`,
 * `d`/`day(s)`, `w`/`week(s)`, ...), e.g. `"6 hours"`, `"30 minutes"`,
 * `"1h"`, `"1 hour 30 minutes"`. Text without a unit (`"6"`) is refused,
 * as in Spark.
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
    const parsed = Number.isNaN(Number(value)) ? parseDuration(value) : null;
    if (parsed === null || parsed === undefined) {
      throw new RangeError(
        `${what} must be a number and a unit (ms, seconds, minutes, hours, ` +
          `days, weeks), like "6 hours": got ${JSON.stringify(value)}`,
      );
    }
    ms = parsed;
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
