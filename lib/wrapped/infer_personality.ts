/**
 * The personality inferred from behaviour: each of the four axis metrics is
 * placed against the population by a threshold, and the four sides name
 * one of the 16 personalities (DESIGN §4.2).
 *
 * @module
 */
import { PERSONALITIES, type Personality } from "../personalities/mod.ts";
import type { AxisScores } from "./wrapped_listener.ts";

/** The axes, in the order of a personality's four letters. */
export const AXES = [
  "familiarity",
  "newness",
  "loyalty",
  "commonality",
] as const;

/** One of {@linkcode AXES}. */
export type Axis = typeof AXES[number];

/** The letter of each axis for a score above its threshold. */
export const HIGH_LETTER: Readonly<Record<Axis, string>> = Object.freeze({
  familiarity: "F",
  newness: "N",
  loyalty: "L",
  commonality: "C",
});

/** The letter of each axis for a score at or below its threshold. */
export const LOW_LETTER: Readonly<Record<Axis, string>> = Object.freeze({
  familiarity: "E",
  newness: "T",
  loyalty: "V",
  commonality: "U",
});

/** Where each axis splits the population: above is the high letter. */
export type AxisThresholds = Readonly<Record<Axis, number>>;

/**
 * The population's median: the personalities are equally likely, so half
 * the listeners lie on each side of every axis, and a listener's side is
 * whether the score is above the middle of everyone's.
 *
 * @param values The population's values (finite numbers).
 * @returns The median (the mean of the two middle values for an even
 *   count); `NaN` for no values.
 */
export function medianThreshold(values: readonly number[]): number {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  if (n === 0) return NaN;
  return n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

/**
 * The thresholds of every axis over a population's scores.
 *
 * @param population The scores of the listeners to place others against.
 * @returns One threshold per axis ({@linkcode medianThreshold}).
 */
export function axisThresholds(
  population: readonly AxisScores[],
): AxisThresholds {
  const out = {} as Record<Axis, number>;
  for (const axis of AXES) {
    out[axis] = medianThreshold(population.map((s) => s[axis]));
  }
  return Object.freeze(out);
}

const BY_LETTERS = new Map<string, Personality>(
  PERSONALITIES.map((p) => [
    p.familiarity + p.newness + p.loyalty + p.commonality,
    p,
  ]),
);

/**
 * The personality whose letters are the sides of the thresholds the scores
 * fall on (above: F, N, L, C; at or below: E, T, V, U).
 *
 * @param scores A listener's four metrics.
 * @param thresholds The population's thresholds.
 * @returns The personality.
 */
export function inferPersonality(
  scores: AxisScores,
  thresholds: AxisThresholds,
): Personality {
  const letters = AXES.map((axis) =>
    scores[axis] > thresholds[axis] ? HIGH_LETTER[axis] : LOW_LETTER[axis]
  ).join("");
  return BY_LETTERS.get(letters)!;
}
