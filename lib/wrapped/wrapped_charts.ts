/**
 * Vega-lite specs of Wrapped: distributions over listeners and the
 * inference's confusion matrix (render with lib/charts' `renderSvg` or a
 * notebook's `displayChart`).
 *
 * @module
 */
import type { TopLevelSpec } from "vega-lite";
import { PERSONALITY_NAMES } from "../personalities/mod.ts";
import type { WrappedAccuracy } from "./wrapped_accuracy.ts";
import type { WrappedListener } from "./wrapped_listener.ts";

const SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

/**
 * A histogram of one number per listener.
 *
 * @param listeners Every listener's Wrapped.
 * @param field `minutes_listened` or `longest_streak_days` (or another numeric field).
 * @param title The chart's title.
 * @returns The spec.
 */
export function listenerHistogramSpec(
  listeners: readonly WrappedListener[],
  field: "minutes_listened" | "longest_streak_days" | "streams" | "events",
  title: string,
): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title,
    width: 480,
    height: 180,
    data: { values: listeners.map((l) => ({ value: l[field] })) },
    mark: { type: "bar", color: "#1d6e5b" },
    encoding: {
      x: {
        field: "value",
        bin: { maxbins: 30 },
        type: "quantitative",
        title: field.replaceAll("_", " "),
      },
      y: { aggregate: "count", type: "quantitative", title: "listeners" },
    },
  };
}

/**
 * The confusion matrix as a heat map: assigned personality (rows) by
 * inferred (columns), listeners per cell.
 *
 * @param accuracy From `wrappedAccuracy()`.
 * @returns The spec.
 */
export function confusionSpec(accuracy: WrappedAccuracy): TopLevelSpec {
  const values = PERSONALITY_NAMES.flatMap((assigned) =>
    PERSONALITY_NAMES.map((inferred) => ({
      assigned,
      inferred,
      listeners: accuracy.confusion[assigned]?.[inferred] ?? 0,
    }))
  );
  const order = [...PERSONALITY_NAMES];
  return {
    $schema: SCHEMA,
    title:
      `Assigned vs inferred personality (${accuracy.users} listeners with ≥ ${accuracy.min_events} events)`,
    width: 420,
    height: 420,
    data: { values },
    encoding: {
      x: { field: "inferred", type: "nominal", sort: order },
      y: { field: "assigned", type: "nominal", sort: order },
    },
    layer: [
      {
        mark: "rect",
        encoding: {
          color: {
            field: "listeners",
            type: "quantitative",
            scale: { scheme: "greens" },
          },
        },
      },
      {
        mark: { type: "text", fontSize: 9 },
        encoding: {
          text: { field: "listeners", type: "quantitative" },
          opacity: {
            condition: { test: "datum.listeners > 0", value: 1 },
            value: 0,
          },
        },
      },
    ],
  };
}
