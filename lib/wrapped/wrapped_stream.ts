/**
 * Wrapped as one running stream: the per-listener queries on one source,
 * every listener's Wrapped computed from their state on demand and,
 * optionally, written to an output directory.
 *
 * @module
 */
import type pl from "nodejs-polars";
import {
  callbackSink,
  type Sink,
  type Source,
  startStream,
  type StreamSummary,
  writeFileAtomically,
} from "../engine/mod.ts";
import {
  type ListeningStream,
  listeningStream,
  type ListeningStreamOptions,
  prepareOutDir,
  TimeZoneOffsets,
} from "../analysis/mod.ts";
import {
  WRAPPED_TABLE_NAMES,
  wrappedQueries,
  type WrappedTableName,
} from "./wrapped_queries.ts";
import {
  wrappedFromTables,
  type WrappedResult,
  type WrappedTables,
} from "./wrapped_from_tables.ts";
import { pathExists } from "../support/mod.ts";
import { wrappedAccuracy } from "./wrapped_accuracy.ts";
import type { WrappedListener } from "./wrapped_listener.ts";

/** Options of {@linkcode startWrapped}. */
export interface WrappedStreamOptions extends ListeningStreamOptions {
  /** Keep only events of this local calendar year. Default: all. */
  year?: number;
  /** Listeners with fewer events are left out of the accuracy and of the thresholds' population. Default 200. */
  minEvents?: number;
  /**
   * Write `wrapped.json` and `accuracy.json` here: after the last batch,
   * and while running every `refreshMs` when batches brought records.
   * Default: none.
   */
  outDir?: string;
  /** How often a live stream rewrites the files, ms. Default 10,000. */
  refreshMs?: number;
}

/**
 * A running Wrapped: the engine's running stream (its `done` resolves once
 * the files are written) with the listeners' Wrapped on demand.
 */
export interface WrappedStream extends ListeningStream {
  /**
   * `true` while the run has read no record and resumed no checkpoint: it
   * computed nothing, so existing files in `outDir` are left as they are
   * (written only when `wrapped.json` is missing).
   */
  readonly filesKept: boolean;
  /** The per-listener tables as of the last batch. */
  tables(): WrappedTables;
  /** Every listener's Wrapped as of the last batch. */
  wrapped(): WrappedResult;
}

/**
 * Writes `wrapped.json` (one listener per line) and `accuracy.json`.
 *
 * @param dir The directory (created when missing).
 * @param listeners Every listener's Wrapped, by `user_id`.
 * @param minEvents The accuracy's least number of events.
 */
export function writeWrappedFiles(
  dir: string,
  listeners: readonly WrappedListener[],
  minEvents = 200,
): void {
  Deno.mkdirSync(dir, { recursive: true });
  const lines = listeners.map((l) => JSON.stringify(l));
  writeFileAtomically(
    `${dir}/wrapped.json`,
    lines.length ? `[\n${lines.join(",\n")}\n]\n` : "[]\n",
  );
  writeFileAtomically(
    `${dir}/accuracy.json`,
    JSON.stringify(wrappedAccuracy(listeners, { minEvents }), null, 2) + "\n",
  );
}

/**
 * Starts Wrapped on a source of listening records. The per-listener
 * tables are engine state (checkpointed with `checkpointDir`, exactly once
 * like every query), so a listener's Wrapped is current after every batch.
 *
 * @param source A source of `ListeningRecord`s (memory, Avro file, Kafka).
 * @param options Clock, year, output directory, engine options.
 * @returns The running stream.
 * @throws {RangeError} For an invalid `year`.
 * @throws {Deno.errors.PermissionDenied} (or another I/O error) when
 *   `outDir` cannot be written.
 *
 * @example Every listener's 2025, from a file
 * ```ts
 * const run = startWrapped(listeningFileSource("data/listening.avro"), {
 *   year: 2025, outDir: "data/wrapped", trigger: "once",
 * });
 * await run.done;
 * run.wrapped().listeners[0].top_artists;
 * ```
 */
export function startWrapped(
  source: Source,
  options: WrappedStreamOptions = {},
): WrappedStream {
  const { tz = "local", offsets = new TimeZoneOffsets(), outDir } = options;
  const { minEvents = 200, refreshMs = 10_000 } = options;
  if (outDir) prepareOutDir(outDir);
  const read = {} as Record<WrappedTableName, () => pl.DataFrame>;
  const sinks = {} as Record<WrappedTableName, Sink>;
  for (const name of WRAPPED_TABLE_NAMES) {
    sinks[name] = callbackSink((batch) => {
      read[name] = batch.table;
    }, {
      open: (_query, table) => {
        read[name] = () => table;
      },
    });
  }
  const queries = wrappedQueries(source, sinks, {
    year: options.year,
    tz,
    offsets,
  });
  const tables = () => {
    const out = {} as Record<WrappedTableName, pl.DataFrame>;
    for (const name of WRAPPED_TABLE_NAMES) out[name] = read[name]();
    return out;
  };
  const wrapped = () =>
    wrappedFromTables(tables(), { minEvents, referenceYear: options.year });
  const stream = startStream(queries, options);
  // A run that read nothing and resumed nothing never replaces files it
  // did not compute (a rerun of a finished checkpoint resumes its state).
  let computed = false;
  stream.instrumentation.on("engine.start", (start) => {
    if (start.resumedFromBatch !== null) computed = true;
  });
  stream.instrumentation.on("engine.batch_end", (progress) => {
    if (progress.inputRows > 0) computed = true;
  });
  // Live files: rewritten every refreshMs when a batch brought records
  // (between batches the state is consistent: every query has merged the
  // last batch before any sink runs).
  let changed = false;
  let timer: ReturnType<typeof setInterval> | undefined;
  if (outDir && options.trigger !== "once") {
    stream.instrumentation.on("engine.batch_end", (progress) => {
      if (progress.inputRows > 0) changed = true;
    });
    timer = setInterval(() => {
      if (!changed) return;
      changed = false;
      writeWrappedFiles(outDir, wrapped().listeners, minEvents);
    }, refreshMs);
  }
  const done = stream.done.finally(() => clearInterval(timer)).then(
    (summary) => {
      if (outDir && (computed || !pathExists(`${outDir}/wrapped.json`))) {
        writeWrappedFiles(outDir, wrapped().listeners, minEvents);
      }
      return summary;
    },
  );
  const run = listeningStream(stream, { done, offsets });
  Object.defineProperty(run, "filesKept", { get: () => !computed });
  return Object.assign(run as typeof run & { filesKept: boolean }, {
    tables,
    wrapped,
  });
}

/**
 * Runs Wrapped over a finite source until it is exhausted.
 *
 * @param source A source of `ListeningRecord`s.
 * @param options As {@linkcode startWrapped}; the trigger is `"once"`.
 * @returns Every listener's Wrapped and the engine's summary.
 */
export async function wrappedOnce(
  source: Source,
  options: WrappedStreamOptions = {},
): Promise<WrappedResult & { summary: StreamSummary }> {
  const run = startWrapped(source, { ...options, trigger: "once" });
  const summary = await run.done;
  return { ...run.wrapped(), summary };
}
