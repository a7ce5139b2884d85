/**
 * Value parsers for command-line options (commander) that fail with the
 * project's message style: `--users must be a positive integer: got "abc"`.
 *
 * @module
 */

import { flatten, parse } from "multi-integer-range";

/** A commander option parser: raw string in, typed value out. */
export type OptionParser<T> = (raw: string) => T;

function integer(
  flag: string,
  min: number,
  what: string,
): OptionParser<number> {
  return (raw) => {
    const value = Number(raw);
    if (!/^[+-]?\d+$/.test(raw.trim()) || !Number.isSafeInteger(value)) {
      throw new TypeError(
        `${flag} must be ${what}: got ${JSON.stringify(raw)}`,
      );
    }
    if (value < min) {
      throw new RangeError(
        `${flag} must be ${what}: got ${JSON.stringify(raw)}`,
      );
    }
    return value;
  };
}

/**
 * Parser for an integer ≥ 1.
 *
 * @param flag The flag named in errors, e.g. `"--users"`.
 * @returns A parser that throws `TypeError` (not an integer) or
 *   `RangeError` (below 1).
 */
export function positiveInteger(flag: string): OptionParser<number> {
  return integer(flag, 1, "a positive integer");
}

/**
 * Parser for an integer ≥ 0.
 *
 * @param flag The flag named in errors.
 * @returns A parser that throws `TypeError` or `RangeError`.
 */
export function nonNegativeInteger(flag: string): OptionParser<number> {
  return integer(flag, 0, "a non-negative integer");
}

/**
 * Parser for a finite number > 0 (e.g. `--rate 2500.5`).
 *
 * @param flag The flag named in errors.
 * @returns A parser that throws `TypeError` (not a number) or `RangeError`.
 */
export function positiveNumber(flag: string): OptionParser<number> {
  return (raw) => {
    const value = Number(raw);
    if (raw.trim() === "" || !Number.isFinite(value)) {
      throw new TypeError(
        `${flag} must be a positive number: got ${JSON.stringify(raw)}`,
      );
    }
    if (value <= 0) {
      throw new RangeError(
        `${flag} must be a positive number: got ${JSON.stringify(raw)}`,
      );
    }
    return value;
  };
}

/**
 * Parser for one of a fixed set of words.
 *
 * @param flag The flag named in errors.
 * @param choices The accepted values.
 * @returns A parser that throws `RangeError` for anything else.
 */
export function oneOf<const T extends string>(
  flag: string,
  choices: readonly T[],
): OptionParser<T> {
  return (raw) => {
    if (!(choices as readonly string[]).includes(raw)) {
      throw new RangeError(
        `${flag} must be one of ${choices.join(", ")}: got ${
          JSON.stringify(raw)
        }`,
      );
    }
    return raw as T;
  };
}

/**
 * Parser for a list of partition numbers and ranges, e.g. `0-7,12`
 * (multi-integer-range): ascending, without duplicates.
 *
 * @param flag The flag named in errors.
 * @returns A parser that throws `TypeError` for anything else.
 */
export function partitionList(flag: string): OptionParser<number[]> {
  return (raw) => {
    let partitions: number[] = [];
    try {
      partitions = flatten(parse(raw));
    } catch {
      // the message below says what is accepted
    }
    if (
      partitions.length === 0 || !partitions.every(Number.isSafeInteger)
    ) {
      throw new TypeError(
        `${flag} must be partition numbers and ranges such as 0-7,12: got ${
          JSON.stringify(raw)
        }`,
      );
    }
    return partitions;
  };
}
