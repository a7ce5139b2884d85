/**
 * Wrapped: every listener's year, maintained live by the stream engine
 * (per-listener keyed state, checkpointed like every query), with a
 * personality inferred from behaviour alone (DESIGN §4.8, docs/wrapped.md).
 *
 * @example Wrapped of every listener in a file
 * ```ts
 * import { avroFileSource } from "../engine/mod.ts";
 * import { wrappedAccuracy, wrappedOnce } from "./mod.ts";
 * const { listeners } = await wrappedOnce(listeningFileSource("data/listening.avro"));
 * wrappedAccuracy(listeners).exact;
 * ```
 *
 * @module
 */
export type {
  AxisScores,
  Discovery,
  EvolutionPhase,
  ListeningAge,
  TopArtist,
  TopGenre,
  TopSong,
  WrappedListener,
} from "./wrapped_listener.ts";
export {
  NO_STREAM_DAY,
  STREAM_MIN_MS,
  WRAPPED_TABLE_NAMES,
  WRAPPED_TABLES,
  wrappedQueries,
  type WrappedQueriesOptions,
  type WrappedTableName,
  yearDays,
} from "./wrapped_queries.ts";
export {
  AXES,
  type Axis,
  type AxisThresholds,
  axisThresholds,
  HIGH_LETTER,
  inferPersonality,
  LOW_LETTER,
  medianThreshold,
} from "./infer_personality.ts";
export {
  wrappedFromTables,
  type WrappedFromTablesOptions,
  type WrappedResult,
  type WrappedTables,
} from "./wrapped_from_tables.ts";
export {
  type WrappedAccuracy,
  wrappedAccuracy,
  type WrappedAccuracyOptions,
} from "./wrapped_accuracy.ts";
export {
  startWrapped,
  wrappedOnce,
  type WrappedStream,
  type WrappedStreamOptions,
  writeWrappedFiles,
} from "./wrapped_stream.ts";
export { wrappedCardText } from "./wrapped_card_text.ts";
export {
  type AxisRange,
  axisRanges,
  wrappedCardFragment,
  wrappedCardHtml,
  type WrappedCardHtmlOptions,
} from "./wrapped_card_html.ts";
export { cardFileName, writeWrappedCards } from "./write_wrapped_cards.ts";
export { confusionSpec, listenerHistogramSpec } from "./wrapped_charts.ts";
export {
  type AxisMisses,
  type EventsBand,
  type InferenceDiagnostics,
  inferenceDiagnostics,
  type InferenceDiagnosticsOptions,
} from "./inference_diagnostics.ts";
