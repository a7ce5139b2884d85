/**
 * Why listeners are misclassified: accuracy by how much a listener
 * listened, and how close the wrong ones sit to each axis' threshold.
 *
 * @module
 */
import { personalityByName } from "../personalities/mod.ts";
import { AXES, type Axis, type AxisThresholds } from "./infer_personality.ts";
import type { WrappedListener } from "./wrapped_listener.ts";

/** Accuracy of one band of listeners by events. */
export interface EventsBand {
  /** Fewest events in the band. */
  min_events: number;
  /** Most events in the band. */
  max_events: number;
  /** Listeners in the band. */
  users: number;
  /** Share with every letter right. */
  exact: number;
  /** Share with each axis' letter right. */
  per_axis: Record<Axis, number>;
}

/** How the wrong letters of one axis lie. */
export interface AxisMisses {
  /** The axis. */
  axis: Axis;
  /** Listeners whose letter on this axis is wrong. */
  wrong: number;
  /** Share of the wrong ones within half a standard deviation of the threshold. */
  wrong_near_threshold: number;
  /** Share of the right ones within half a standard deviation of the threshold. */
  right_near_threshold: number;
}

/** What {@linkcode inferenceDiagnostics} returns. */
export interface InferenceDiagnostics {
  /** Three bands of (nearly) equal size, fewest events first. */
  by_events: EventsBand[];
  /** Per axis. */
  axes: AxisMisses[];
  /** Listeners whose inferred personality is wrong. */
  wrong: number;
  /** Share of the wrong ones that differ from the assigned in one letter only. */
  one_letter_off: number;
}

/** Options of {@linkcode inferenceDiagnostics}. */
export interface InferenceDiagnosticsOptions {
  /** Listeners with fewer events are left out. Default 200. */
  minEvents?: number;
  /** Number of bands by events. Default 3. */
  bands?: number;
}

function right(l: WrappedListener, axis: Axis): boolean {
  return personalityByName(l.personality)[axis] ===
    personalityByName(l.inferred_personality)[axis];
}

function band(listeners: readonly WrappedListener[]): EventsBand {
  const n = listeners.length;
  const per = {} as Record<Axis, number>;
  for (const axis of AXES) {
    per[axis] = listeners.filter((l) => right(l, axis)).length / n;
  }
  return {
    min_events: listeners[0].events,
    max_events: listeners[n - 1].events,
    users: n,
    exact: listeners.filter((l) => l.personality === l.inferred_personality)
      .length / n,
    per_axis: per,
  };
}

/**
 * Accuracy by events (more listening, less noise in the metrics) and, per
 * axis, how many wrong letters come from scores close to the threshold.
 *
 * @param listeners Every listener's Wrapped.
 * @param thresholds The thresholds the inference used.
 * @param options The least number of events, the number of bands.
 * @returns The diagnostics; empty lists without listeners to compare.
 */
export function inferenceDiagnostics(
  listeners: readonly WrappedListener[],
  thresholds: AxisThresholds,
  options: InferenceDiagnosticsOptions = {},
): InferenceDiagnostics {
  const { minEvents = 200, bands = 3 } = options;
  const compared = listeners.filter((l) => l.events >= minEvents)
    .sort((a, b) => a.events - b.events || a.user_id - b.user_id);
  if (compared.length === 0) {
    return { by_events: [], axes: [], wrong: 0, one_letter_off: 0 };
  }
  const byEvents: EventsBand[] = [];
  for (let b = 0; b < bands; b++) {
    const part = compared.slice(
      Math.floor((b * compared.length) / bands),
      Math.floor(((b + 1) * compared.length) / bands),
    );
    if (part.length > 0) byEvents.push(band(part));
  }
  const axes = AXES.map((axis) => {
    const scores = compared.map((l) => l.axis_scores[axis]);
    const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
    const sd = Math.sqrt(
      scores.reduce((a, b) => a + (b - mean) ** 2, 0) / scores.length,
    );
    const near = (l: WrappedListener) =>
      Math.abs(l.axis_scores[axis] - thresholds[axis]) <= sd / 2;
    const wrong = compared.filter((l) => !right(l, axis));
    const good = compared.filter((l) => right(l, axis));
    const share = (ls: WrappedListener[]) =>
      ls.length ? ls.filter(near).length / ls.length : 0;
    return {
      axis,
      wrong: wrong.length,
      wrong_near_threshold: share(wrong),
      right_near_threshold: share(good),
    };
  });
  const wrong = compared.filter((l) =>
    l.inferred_personality !== l.personality
  );
  const oneOff =
    wrong.filter((l) => AXES.filter((axis) => !right(l, axis)).length === 1)
      .length;
  return {
    by_events: byEvents,
    axes,
    wrong: wrong.length,
    one_letter_off: wrong.length ? oneOff / wrong.length : 0,
  };
}
