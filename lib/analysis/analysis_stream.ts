/**
 * All analyses as one running stream: the engine queries of every
 * aggregate on one source, the result tables rebuilt after every
 * micro-batch and, optionally, written to an output directory.
 *
 * @module
 */
import {
  type BatchProgress,
  type EngineEvents,
  pl,
  type Sink,
  type SinkBatch,
  type Source,
  startStream,
  type StreamOptions,
  type StreamSummary,
} from "../engine/mod.ts";
import type { Instrumentation } from "../support/mod.ts";
import {
  type AggregateName,
  AGGREGATES,
  type Aggregates,
  batchAggregate,
} from "./aggregates.ts";
import { analysisQueries } from "./analysis_queries.ts";
import { flattenRecords } from "./flatten_records.ts";
import { prepareEvents } from "./prepare_events.ts";
import {
  TABLE_NAMES,
  type TableName,
  type TableRows,
} from "./result_tables.ts";
import { prepareOutDir, writeTableFiles } from "./table_files.ts";
import {
  type AnalysisTables,
  TABLES_OF_AGGREGATE,
  tablesFromAggregates,
  windowedTopSongs,
} from "./tables_from_aggregates.ts";
import type { TimeZoneMode } from "./time_of_day.ts";
import { timeOfDaySource } from "./time_of_day_source.ts";
import { TimeZoneOffsets } from "./time_zone_offsets.ts";

/** What {@linkcode AnalysisStreamOptions.onTables} receives after a batch. */
export interface TablesUpdate {
  /** The engine batch. */
  batchId: number;
  /** Every table after the batch. */
  tables: AnalysisTables;
  /** The tables that changed in this batch (all of them after the first). */
  changed: readonly TableName[];
}

/** Options of {@linkcode startAnalysis}. */
export interface AnalysisStreamOptions extends StreamOptions {
  /** Time of day in the listener's local time or in UTC. Default `"local"`. */
  tz?: TimeZoneMode;
  /**
   * Write the tables as JSON files here after every batch (only the tables
   * that changed; all of them after the first batch). Default: none.
   */
  outDir?: string;
  /** Called after every batch with the tables (awaited). */
  onTables?: (update: TablesUpdate) => void | Promise<void>;
  /** Offset memo (shared with other computations). Default: a new one. */
  offsets?: TimeZoneOffsets;
}

/** A running analysis. */
export interface AnalysisStream {
  /** Resolves with the engine's summary when the stream stops. */
  readonly done: Promise<StreamSummary>;
  /** The engine's event hub (`engine.batch_end` carries progress). */
  readonly instrumentation: Instrumentation<EngineEvents>;
  /** The last batch's progress. */
  readonly lastProgress: BatchProgress | undefined;
  /** Zone names seen that are not IANA zones (their time of day is UTC). */
  readonly unknownZones: ReadonlySet<string>;
  /** The tables after the last batch, as polars DataFrames. */
  tables(): AnalysisTables;
  /** The tables after the last batch, as row objects. */
  rows(): TableRows;
  /** Stops after the current batch. */
  stop(): Promise<StreamSummary>;
}

const WINDOW_PARTITION: Partial<Record<AggregateName, string[]>> = {
  day_vs_night: ["time_of_day"],
  sliding: [],
};

/** Keeps the tables current as the sinks of one batch report in. */
class TableKeeper {
  readonly #names = Object.keys(AGGREGATES) as AggregateName[];
  readonly #aggregates: Aggregates;
  #tables: AnalysisTables;
  /** Ranked rows of closed windows, in emission order. */
  readonly #ranked = new Map<AggregateName, pl.DataFrame[]>();
  readonly #changed = new Set<AggregateName>();
  readonly #seen = new Map<number, number>();
  #first = true;

  constructor(
    readonly options: AnalysisStreamOptions,
  ) {
    const empty = prepareEvents(flattenRecords([]), { tz: "utc" });
    this.#aggregates = {} as Aggregates;
    for (const name of this.#names) {
      this.#aggregates[name] = batchAggregate(empty, AGGREGATES[name]);
    }
    this.#tables = tablesFromAggregates(this.#aggregates);
  }

  get tables(): AnalysisTables {
    return this.#tables;
  }

  sinkOf(name: AggregateName): Sink {
    return {
      open: (_query, table) => {
        this.#take(name, table, true);
      },
      write: (batch) => this.#write(name, batch),
    };
  }

  #take(name: AggregateName, rows: pl.DataFrame, restore: boolean): void {
    const partition = WINDOW_PARTITION[name];
    if (partition) {
      if (restore) this.#ranked.set(name, []);
      if (rows.height > 0) {
        this.#ranked.get(name)!.push(windowedTopSongs(rows, partition));
        this.#changed.add(name);
      }
    } else if (restore || rows.height > 0) {
      this.#aggregates[name] = rows;
      this.#changed.add(name);
    }
  }

  async #write(name: AggregateName, batch: SinkBatch): Promise<void> {
    if (WINDOW_PARTITION[name]) this.#take(name, batch.rows, false);
    else if (batch.rows.height > 0) this.#take(name, batch.table(), false);
    const seen = (this.#seen.get(batch.batchId) ?? 0) + 1;
    if (seen < this.#names.length) {
      this.#seen.set(batch.batchId, seen);
      return;
    }
    this.#seen.delete(batch.batchId);
    await this.#publish(batch.batchId);
  }

  async #publish(batchId: number): Promise<void> {
    const changed = new Set<TableName>(this.#first ? TABLE_NAMES : []);
    for (const name of this.#changed) {
      TABLES_OF_AGGREGATE[name].forEach((table) => changed.add(table));
    }
    this.#changed.clear();
    this.#first = false;
    const plain = [...changed].filter((t) =>
      t !== "day_vs_night_windows" && t !== "sliding_top_songs"
    );
    const fresh = tablesFromAggregates(this.#aggregates, plain);
    for (
      const [aggregate, table] of [
        ["day_vs_night", "day_vs_night_windows"],
        ["sliding", "sliding_top_songs"],
      ] as const
    ) {
      if (!changed.has(table)) continue;
      const parts = this.#ranked.get(aggregate) ?? [];
      if (parts.length > 1) {
        parts.splice(0, parts.length, pl.concat(parts, { how: "vertical" }));
      }
      fresh[table] = parts.length === 0 ? this.#tables[table] : parts[0].sort([
        "window_start",
        ...WINDOW_PARTITION[aggregate]!,
        "rank",
      ]).select(...this.#tables[table].columns);
    }
    this.#tables = { ...this.#tables, ...fresh };
    const list = TABLE_NAMES.filter((t) => changed.has(t));
    if (this.options.outDir) {
      const rows: Partial<TableRows> = {};
      for (const name of list) {
        // deno-lint-ignore no-explicit-any
        (rows as any)[name] = this.#tables[name].toRecords();
      }
      writeTableFiles(this.options.outDir, rows);
    }
    await this.options.onTables?.({
      batchId,
      tables: this.#tables,
      changed: list,
    });
  }
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
  if (outDir) prepareOutDir(outDir);
  const keeper = new TableKeeper(options);
  const sinks = {} as Record<AggregateName, Sink>;
  for (const name of Object.keys(AGGREGATES) as AggregateName[]) {
    sinks[name] = keeper.sinkOf(name);
  }
  const queries = analysisQueries(
    timeOfDaySource(source, { tz, offsets }),
    sinks,
  );
  const stream = startStream(queries, options);
  return {
    done: stream.done,
    instrumentation: stream.instrumentation,
    get lastProgress() {
      return stream.lastProgress;
    },
    unknownZones: offsets.unknownZones,
    tables: () => keeper.tables,
    rows: () => {
      const rows = {} as Record<string, unknown>;
      for (const name of TABLE_NAMES) {
        rows[name] = keeper.tables[name].toRecords();
      }
      return rows as unknown as TableRows;
    },
    stop: () => stream.stop(),
  };
}

/** What {@linkcode analyzeOnce} resolves to. */
export interface AnalysisResult {
  /** The final tables as DataFrames. */
  tables: AnalysisTables;
  /** The final tables as row objects. */
  rows: TableRows;
  /** The engine's summary (batches, rows, late rows per query). */
  summary: StreamSummary;
}

/**
 * Runs every analysis over a finite source until it is exhausted, closes
 * every window and returns the final tables — equal to
 * {@linkcode computeTables} over the same records, except for rows the
 * watermark dropped as late.
 *
 * @param source A source of `ListeningRecord`s.
 * @param options As {@linkcode startAnalysis}; the trigger is `"once"`.
 * @returns Tables, rows and summary.
 */
export async function analyzeOnce(
  source: Source,
  options: AnalysisStreamOptions = {},
): Promise<AnalysisResult> {
  const run = startAnalysis(source, { ...options, trigger: "once" });
  const summary = await run.done;
  return { tables: run.tables(), rows: run.rows(), summary };
}
