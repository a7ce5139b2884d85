/**
 * How realistic a listening-history dataset is: every property of the
 * realism issue measured from the records (skips, long tail, popularity,
 * day of week, sessions, activity, taste, personality overlap, mood, daily
 * curve), each beside its published figure, source and band.
 *
 * @example
 * ```ts
 * import { measureRealismFile } from "./mod.ts";
 * const { rows } = await measureRealismFile("data/spotify_wrapped_data.avro");
 * console.table(rows.map((r) => [r.property, r.measured, r.published]));
 * ```
 *
 * @module
 */
export {
  MIN_EVENTS,
  RealismMeasures,
  SESSION_GAP_MS,
} from "./realism_measures.ts";
export type {
  Axis,
  RealismMeasurements,
  RealismResultOptions,
} from "./realism_measures.ts";
export { REALISM_PROPERTIES } from "./realism_properties.ts";
export type { RealismProperty } from "./realism_properties.ts";
export { realismChart } from "./realism_chart.ts";
export { measureRealismFile, realismRows } from "./measure_realism_file.ts";
export type {
  MeasureRealismOptions,
  RealismReport,
  RealismRow,
} from "./measure_realism_file.ts";
