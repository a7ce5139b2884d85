/**
 * The stream engine: micro-batch event-time windowing on nodejs-polars,
 * modelled on Spark Structured Streaming (DESIGN §5).
 *
 * - Sources: {@linkcode memorySource}, {@linkcode avroFileSource}; any
 *   {@linkcode Source} (the Kafka topic's is `kafkaSource` in `lib/sources`).
 *   The engine knows no schema: a source carries its column layout
 *   ({@linkcode ColumnSpec}s, e.g. from {@linkcode columnsFromAvroSchema}).
 * - Queries: {@linkcode readStream} → `withColumn` / `filter` / `select` /
 *   `transform` / `withWatermark` →
 *   `groupBy(window(...), ...keys).agg({...})` →
 *   `writeStream(name, { outputMode, sink })`.
 * - Sinks: {@linkcode memorySink}, {@linkcode consoleSink},
 *   {@linkcode jsonFileSink}, {@linkcode callbackSink}.
 * - Running: {@linkcode startStream} / {@linkcode runOnce}, with a
 *   checkpoint directory for exactly-once results across crashes.
 *
 * @example Plays per song in 6-hour windows, closed by a 1-hour watermark
 * ```ts
 * import pl from "nodejs-polars";
 * import { count, memorySink, memorySource, readStream, runOnce, window } from "./mod.ts";
 * const sink = memorySink();
 * const plays = readStream(memorySource(records, { columns: LISTENING_COLUMNS }))
 *   .filter(pl.col("interaction").eq(pl.lit("played")))
 *   .withWatermark("start_time", "1 hour")
 *   .groupBy(window("start_time", "6 hours"), "song_name", "artist")
 *   .agg({ plays: count() })
 *   .writeStream("plays", { outputMode: "append", sink });
 * await runOnce([plays]);
 * sink.sql("SELECT * FROM plays ORDER BY plays DESC LIMIT 10").toRecords();
 * ```
 *
 * @module
 */
export { type Duration, durationMs } from "../support/mod.ts";
export {
  columnsFromAvroSchema,
  type ColumnSpec,
  type ColumnType,
} from "./columns.ts";
export {
  type Aggregation,
  type AggregationKind,
  count,
  max,
  mean,
  min,
  sum,
} from "./aggregations.ts";
export { window, WINDOW_END, WINDOW_START, type WindowSpec } from "./window.ts";
export {
  readStream,
  StreamFrame,
  type TransformOptions,
  type WatermarkOptions,
} from "./stream_frame.ts";
export { AggregatedStream, GroupedStream } from "./grouped_stream.ts";
export type { WriteStreamOptions } from "./_frame_state.ts";
export {
  type FrameTransform,
  type GroupingSpec,
  type QueryPlan,
  type QueryStep,
  StreamQuery,
  type WatermarkSpec,
} from "./stream_query.ts";
export type {
  Source,
  SourceBatch,
  SourcePollOptions,
  SourcePosition,
} from "./source.ts";
export { resetCheckpoint } from "./reset_checkpoint.ts";
export type { OutputMode, Sink, SinkBatch, SinkQueryInfo } from "./sink.ts";
export { memorySource, type MemorySourceOptions } from "./memory_source.ts";
export {
  type MemorySink,
  memorySink,
  type MemorySinkOptions,
} from "./memory_sink.ts";
export { topN, type TopNOptions } from "./top_n.ts";
export {
  type RunningStream,
  runOnce,
  startStream,
  type StreamOptions,
  type Trigger,
} from "./start_stream.ts";
export {
  type BatchProgress,
  type EngineEvents,
  formatLateRows,
  formatProgress,
  type ProgressRow,
  progressRow,
  type QueryProgress,
  type StreamSummary,
} from "./progress.ts";
export {
  type Clock,
  consoleLogger,
  type Logger,
  type LogLevel,
  silentLogger,
  systemClock,
} from "./clock.ts";
export {
  CheckpointError,
  CorruptCheckpointError,
  IncompatibleCheckpointError,
} from "./errors.ts";
export { consoleSink, type ConsoleSinkOptions } from "./console_sink.ts";
export {
  jsonFileSink,
  type JsonFileSinkOptions,
  rowsToJson,
  writeFileAtomically,
} from "./json_file_sink.ts";
export { callbackSink, type CallbackSinkOptions } from "./callback_sink.ts";
export {
  avroFileSource,
  type AvroFileSourceOptions,
} from "./avro_file_source.ts";
export type { SourceOpenOptions } from "./source.ts";
export type { ReferencedColumns } from "./_expr_columns.ts";
