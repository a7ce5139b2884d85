/**
 * How well the inferred personality recovers the assigned one
 * (`accuracy.json`, DESIGN §4.8).
 *
 * @module
 */
import { PERSONALITY_NAMES, personalityByName } from "../personalities/mod.ts";
import type { WrappedListener } from "./wrapped_listener.ts";

/** `accuracy.json`. */
export interface WrappedAccuracy {
  /** Listeners compared (those with at least `min_events` events). */
  users: number;
  /** The least number of events of a compared listener. */
  min_events: number;
  /** Share of compared listeners whose letter on each axis is right; `null` without listeners. */
  per_axis: {
    F: number | null;
    N: number | null;
    L: number | null;
    C: number | null;
  };
  /** Share whose whole personality is right; `null` without listeners. */
  exact: number | null;
  /** `confusion[assigned][inferred]` = listeners; all 16 × 16 names, §4.2 order. */
  confusion: Record<string, Record<string, number>>;
}

/** Options of {@linkcode wrappedAccuracy}. */
export interface WrappedAccuracyOptions {
  /** Listeners with fewer events are left out. Default 200. */
  minEvents?: number;
}

const AXIS_KEYS = [
  ["F", "familiarity"],
  ["N", "newness"],
  ["L", "loyalty"],
  ["C", "commonality"],
] as const;

/**
 * Compares inferred with assigned personalities.
 *
 * @param listeners Wrapped of every listener.
 * @param options The least number of events.
 * @returns Per-axis and exact accuracy, and the confusion matrix.
 * @throws {RangeError} When a compared listener's assigned personality is
 *   not one of the 16 names.
 */
export function wrappedAccuracy(
  listeners: readonly WrappedListener[],
  options: WrappedAccuracyOptions = {},
): WrappedAccuracy {
  const { minEvents = 200 } = options;
  const compared = listeners.filter((l) => l.events >= minEvents);
  const confusion: Record<string, Record<string, number>> = {};
  for (const a of PERSONALITY_NAMES) {
    confusion[a] = Object.fromEntries(PERSONALITY_NAMES.map((i) => [i, 0]));
  }
  const hits = { F: 0, N: 0, L: 0, C: 0 };
  let exact = 0;
  for (const l of compared) {
    const assigned = personalityByName(l.personality);
    const inferred = personalityByName(l.inferred_personality);
    confusion[assigned.name][inferred.name]++;
    if (assigned.name === inferred.name) exact++;
    for (const [key, axis] of AXIS_KEYS) {
      if (assigned[axis] === inferred[axis]) hits[key]++;
    }
  }
  const n = compared.length;
  const share = (k: number) => (n ? k / n : null);
  return {
    users: n,
    min_events: minEvents,
    per_axis: {
      F: share(hits.F),
      N: share(hits.N),
      L: share(hits.L),
      C: share(hits.C),
    },
    exact: share(exact),
    confusion,
  };
}
