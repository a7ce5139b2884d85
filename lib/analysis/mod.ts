/**
 * The analyses of the original project (DESIGN §4.6) as queries on the
 * stream engine: {@linkcode startAnalysis} keeps the result tables of a
 * running stream, {@linkcode analyzeOnce} computes them over a finite
 * source (records in memory: a batch computation).
 *
 * @example Tables of records in memory
 * ```ts
 * import { analyzeOnce } from "./mod.ts";
 * import { memorySource } from "../engine/mod.ts";
 * const { rows } = await analyzeOnce(memorySource(records, { columns: LISTENING_COLUMNS }), { tz: "local" });
 * rows.night_top10[0]; // { song_name, artist, plays, rank: 1 }
 * ```
 *
 * @module
 */
export { AGGREGATES, emptyAggregate } from "./aggregates.ts";
export type { AggregateName, AggregateSpec } from "./aggregates.ts";
export { flattenRecords, RECORD_COLUMNS } from "./flatten_records.ts";
export type { RecordColumn } from "./flatten_records.ts";
export {
  DAY_VS_NIGHT_WINDOW,
  SLIDING_WINDOW,
  TABLE_COLUMNS,
  TABLE_DEFINITIONS,
  TABLE_NAMES,
  TOP_N,
  WATERMARK_DELAY_MS,
} from "./result_tables.ts";
export type {
  DayVsNightRow,
  ListeningTimeRow,
  PersonalityFavouritesRow,
  SlidingTopSongRow,
  TableName,
  TableRows,
  TimeOfDayRow,
  TopArtistRow,
  TopCountryRow,
  TopSongRow,
} from "./result_tables.ts";
export { tableRows } from "./table_rows.ts";
export type { AnalysisTables } from "./assemble_tables.ts";
export {
  DAY_PARTS,
  TIME_ZONE_MODES,
  TIMES_OF_DAY,
  withHourOfDay,
  withLocalDay,
  withTimeOfDay,
} from "./time_of_day.ts";
export type {
  TimeOfDay,
  TimeZoneMode,
  WithTimeOfDayOptions,
} from "./time_of_day.ts";
export { DAY_MS, TimeZoneOffsets } from "./time_zone_offsets.ts";
export type { DayOffsets } from "./time_zone_offsets.ts";
export {
  type ListeningStream,
  listeningStream,
  type ListeningStreamOptions,
  type ListeningStreamParts,
} from "./listening_stream.ts";
export { analyzeOnce, startAnalysis } from "./analysis_stream.ts";
export type {
  AnalysisResult,
  AnalysisStream,
  AnalysisStreamOptions,
  TablesUpdate,
} from "./analysis_stream.ts";
export { analysisQueries, outputModeOf } from "./analysis_queries.ts";
export type { AnalysisQueriesOptions } from "./analysis_queries.ts";
export {
  prepareOutDir,
  readTableFiles,
  writeTableJson,
} from "./table_files.ts";
export {
  readResultStatus,
  ResultDirectory,
  STATUS_FILE,
} from "./result_directory.ts";
export type {
  ResultDirectoryOptions,
  ResultStatus,
} from "./result_directory.ts";
export {
  assembleTables,
  shapeTable,
  TABLES_OF_PART,
} from "./assemble_tables.ts";
export type { PartName, Rankings, TableParts } from "./assemble_tables.ts";
export { rank, RANKINGS } from "./rankings.ts";
export type { RankingName, RankingSpec } from "./rankings.ts";
export { liveSummary } from "./live_summary.ts";
export type { LiveSummaryOptions } from "./live_summary.ts";
export { datasetProfile } from "./dataset_profile.ts";
export type {
  CountryShare,
  DatasetProfile,
  HourCount,
  InteractionShare,
} from "./dataset_profile.ts";
export { headlineFindings } from "./headline_findings.ts";
export type { Finding } from "./headline_findings.ts";
export { compareClocks } from "./compare_clocks.ts";
export type { ClockComparison } from "./compare_clocks.ts";
