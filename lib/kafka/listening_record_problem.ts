/**
 * The one validation of a decoded listening record, shared by every reader
 * (`consume`, `dispatch`, the stream engine): a known personality, an end
 * time not before the start time, a non-negative length.
 *
 * @module
 */
import { PERSONALITY_NAMES } from "../personalities/mod.ts";

const KNOWN = new Set<string>(PERSONALITY_NAMES);

/** The fields the validation reads (a projection may carry only these). */
export interface ValidatedFields {
  /** The listener's personality. */
  personality?: unknown;
  /** The song's length in seconds. */
  length_seconds?: unknown;
  /** The listening interval. */
  listening_time?: { start_time?: unknown; end_time?: unknown };
}

/**
 * What is wrong with a decoded record, or `undefined` when it is valid.
 *
 * @param record A decoded record (full or projected with these fields).
 * @returns A reason for the dead-letter header, or `undefined`.
 *
 * @example
 * ```ts
 * listeningRecordProblem({ personality: "Nobody", length_seconds: 1 });
 * // → 'unknown personality "Nobody"'
 * ```
 */
export function listeningRecordProblem(
  record: ValidatedFields,
): string | undefined {
  if (
    record.personality !== undefined &&
    !KNOWN.has(record.personality as string)
  ) {
    return `unknown personality ${JSON.stringify(record.personality)}`;
  }
  const length = record.length_seconds;
  if (typeof length === "number" && !(length >= 0)) {
    return `negative length_seconds ${length}`;
  }
  const start = record.listening_time?.start_time;
  const end = record.listening_time?.end_time;
  if (typeof start === "number" && typeof end === "number" && end < start) {
    return `end_time ${end} is before start_time ${start}`;
  }
  return undefined;
}
