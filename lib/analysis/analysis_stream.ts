/**
 * All analyses as one running stream: the engine queries of every
 * aggregate on one source, the result tables rebuilt after every
 * micro-batch and, optionally, written to an output directory.
 *
 * @module
 */
import {
  type Sink,
  type Source,
  startStream,
  type StreamSummary,
} from "../engine/mod.ts";
import { type AggregateName, AGGREGATES } from "./aggregates.ts";
import { analysisQueries } from "./analysis_queries.ts";
import {
  TABLE_NAMES,
  type TableName,
  type TableRows,
} from "./result_tables.ts";
import { ResultDirectory } from "./result_directory.ts";
import type { AnalysisTables } from "./assemble_tables.ts";
import { TableKeeper } from "./_table_keeper.ts";
import { TimeZoneOffsets } from "./time_zone_offsets.ts";
import {
  type ListeningStream,
  listeningStream,
  type ListeningStreamOptions,
} from "./listening_stream.ts";

/** What {@linkcode AnalysisStreamOptions.onTables} receives after a batch. */
export interface TablesUpdate {
  /**
   * The engine batch; -1 for the tables as they stand when every query is
   * open (empty, or restored from a checkpoint), before the first batch.
   */
  batchId: number;
  /** Every table after the batch. */
  tables: AnalysisTables;
  /** The tables that changed (all of them in the first update, batch -1). */
  changed: readonly TableName[];
}

/** Options of {@linkcode startAnalysis}. */
export interface AnalysisStreamOptions extends ListeningStreamOptions {
  /**
   * Write the tables as JSON files here: all of them when the queries open
   * (empty, or as restored from the checkpoint), then after every batch the
   * ones that changed, with `_status.json` (see `ResultDirectory`). With
   * the trigger `"once"` they are staged and replace the directory's only
   * when the run completes (not when it fails or is stopped). Default: none.
   */
  outDir?: string;
  /** Called after every batch with the tables (awaited). */
  onTables?: (update: TablesUpdate) => void | Promise<void>;
}

/** A running analysis. */
export interface AnalysisStream extends ListeningStream {
  /**
   * `true` while the run has read no record and resumed no checkpoint: it
   * computed nothing, so existing table files in `outDir` are left as
   * they are (only missing ones are written).
   */
  readonly tablesKept: boolean;
  /** The tables after the last batch, as polars DataFrames. */
  tables(): AnalysisTables;
  /** The tables after the last batch, as row objects. */
  rows(): TableRows;
}

/**
 * Starts every analysis on one source of listening records.
 *
 * @param source A source of `ListeningRecord`s (memory, Avro file, Kafka).
 * @param options Clock for the time of day, output directory, engine
 *   options (trigger, batch size, checkpoint directory, ...).
 * @returns The running analysis.
 * @throws {Deno.errors.PermissionDenied} (or another I/O error) when
 *   `outDir` cannot be written.
 *
 * @example Live tables from Kafka, written every batch
 * ```ts
 * const run = startAnalysis(kafkaSource({ topic: "listening-events" }), {
 *   outDir: "data/results",
 *   trigger: { intervalMs: 1000 },
 * });
 * // later
 * await run.stop();
 * ```
 */
export function startAnalysis(
  source: Source,
  options: AnalysisStreamOptions = {},
): AnalysisStream {
  const { tz = "local", offsets = new TimeZoneOffsets(), outDir } = options;
  const results = outDir
    ? new ResultDirectory(outDir, { staged: options.trigger === "once" })
    : undefined;
  let recordsRead = 0;
  // A bounded run's tables become visible only when it completes: write
  // them once then, not after every batch.
  const atEnd = options.trigger === "once";
  // Until the run computed something (read a record, or resumed its
  // checkpoint), it must not replace tables it did not compute: it writes
  // only missing files and keeps the rest for when it does.
  let computed = false;
  let pending: Partial<Record<TableName, string>> = {};
  const keeper = new TableKeeper(async (kept) => {
    if (!atEnd) {
      pending = { ...pending, ...kept.json() };
      if (computed) {
        results?.write(pending);
        pending = {};
      } else results?.writeMissing(pending);
    }
    await options.onTables?.({
      batchId: kept.batchId,
      tables: kept.tables,
      changed: kept.changed,
    });
  });
  const sinks = {} as Record<AggregateName, Sink>;
  for (const name of Object.keys(AGGREGATES) as AggregateName[]) {
    sinks[name] = keeper.sinkOf(name);
  }
  // the same source, telling when a poll delivered records
  const tracked: Source = Object.create(source, {
    poll: {
      value: async (...args: Parameters<Source["poll"]>) => {
        const batch = await source.poll(...args);
        if ((batch.frame?.height ?? batch.records.length) > 0) computed = true;
        return batch;
      },
    },
  });
  const queries = analysisQueries(tracked, sinks, { tz, offsets });
  const stream = startStream(queries, options);
  stream.instrumentation.on("engine.start", (start) => {
    if (start.resumedFromBatch !== null) computed = true;
  });
  stream.instrumentation.on("engine.batch_end", (progress) => {
    recordsRead += progress.inputRows;
    results?.progress(progress.batchId, recordsRead);
  });
  let stopped = false;
  const done = stream.done.then((summary) => {
    // A stopped --once run did not read everything: not complete.
    if (stopped && atEnd) {
      results?.fail(new Error("stopped before the end of the input"));
    } else if (computed) {
      if (atEnd) results?.write(keeper.json());
      results?.complete();
    } else {
      if (atEnd) results?.writeMissing(keeper.json());
      results?.keep();
    }
    return summary;
  }, (error) => {
    results?.fail(error);
    throw error;
  });
  const run = listeningStream(stream, {
    done,
    offsets,
    onStop: () => stopped = true,
  });
  Object.defineProperty(run, "tablesKept", { get: () => !computed });
  return Object.assign(run as typeof run & { tablesKept: boolean }, {
    tables: () => keeper.tables,
    rows: () => {
      const rows = {} as Record<string, unknown>;
      for (const name of TABLE_NAMES) {
        rows[name] = keeper.tables[name].toRecords();
      }
      return rows as unknown as TableRows;
    },
  });
}

/** What {@linkcode analyzeOnce} resolves to. */
export interface AnalysisResult {
  /** The final tables as DataFrames. */
  tables: AnalysisTables;
  /** The final tables as row objects. */
  rows: TableRows;
  /** The engine's summary (batches, rows, late (row, window) pairs per query). */
  summary: StreamSummary;
}

/**
 * Runs every analysis over a finite source until it is exhausted, closes
 * every window and returns the final tables. Over a memory source read in
 * one batch (the default batch holds 100,000 records) this is the batch
 * computation: nothing is late. Otherwise they differ from it only by the
 * (row, window) pairs the watermark dropped as late.
 *
 * @param source A source of `ListeningRecord`s.
 * @param options As {@linkcode startAnalysis}; the trigger is `"once"`.
 * @returns Tables, rows and summary.
 *
 * @example Tables of records in memory
 * ```ts
 * const { rows } = await analyzeOnce(memorySource(records, { columns: LISTENING_COLUMNS }), { tz: "utc" });
 * rows.night_top10[0]; // { song_name, artist, plays, rank: 1 }
 * ```
 */
export async function analyzeOnce(
  source: Source,
  options: AnalysisStreamOptions = {},
): Promise<AnalysisResult> {
  const run = startAnalysis(source, { ...options, trigger: "once" });
  const summary = await run.done;
  return { tables: run.tables(), rows: run.rows(), summary };
}
