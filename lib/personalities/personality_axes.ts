/**
 * The four axes of the personalities spelled out, for tables a reader can
 * follow without the letter code.
 *
 * @module
 */
import { PERSONALITIES } from "./personalities.ts";

/** The word of each axis letter. */
export const AXIS_WORDS: Readonly<Record<string, string>> = Object.freeze({
  F: "familiarity",
  E: "exploration",
  T: "timelessness",
  N: "newness",
  L: "loyalty",
  V: "variety",
  C: "commonality",
  U: "uniqueness",
});

/** One row of {@linkcode personalityAxes}. */
export interface PersonalityAxesRow {
  /** Index = Kafka partition. */
  partition: number;
  /** The personality's name. */
  personality: string;
  /** Familiarity/Exploration, e.g. `"F · familiarity"`. */
  "F/E": string;
  /** Timelessness/Newness. */
  "T/N": string;
  /** Loyalty/Variety. */
  "L/V": string;
  /** Commonality/Uniqueness. */
  "C/U": string;
}

/**
 * The 16 personalities with each axis as letter and word.
 *
 * @returns One row per personality, in partition order.
 */
export function personalityAxes(): PersonalityAxesRow[] {
  const word = (letter: string) => `${letter} · ${AXIS_WORDS[letter]}`;
  return PERSONALITIES.map((p) => ({
    partition: p.index,
    personality: p.name,
    "F/E": word(p.familiarity),
    "T/N": word(p.newness),
    "L/V": word(p.loyalty),
    "C/U": word(p.commonality),
  }));
}
