/**
 * Shared pieces of the chart specs.
 *
 * @module
 */
import type { TopLevelSpec } from "vega-lite";

/** Options every chart takes. */
export interface ChartOptions {
  /** Chart title. Default: one describing the table. */
  title?: string;
  /** Plot width in pixels. Default 480. */
  width?: number;
}

/** The order of the time-of-day buckets on axes and legends. */
export const TIME_OF_DAY_ORDER = ["morning", "afternoon", "evening", "night"];

/** Colours of the buckets: light to dark through the day. */
export const TIME_OF_DAY_COLORS = ["#f2c14e", "#f78154", "#5d5f9e", "#1d2951"];

/** A `calculate` transform making `"song — artist"` labels. */
export const SONG_LABEL = {
  calculate: "datum.song_name + ' — ' + datum.artist",
  as: "song",
} as const;

/**
 * Fills the parts every chart shares (schema, data, title, font config).
 *
 * @param rows The table rows (inline data).
 * @param title The title.
 * @param body The rest of the spec.
 * @returns A complete top-level spec.
 */
export function chart(
  rows: readonly object[],
  title: string,
  body: Record<string, unknown>,
): TopLevelSpec {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title,
    data: { values: rows.map((row) => ({ ...row })) },
    config: { font: "sans-serif", view: { stroke: null } },
    ...body,
  } as TopLevelSpec;
}
