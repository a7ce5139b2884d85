/**
 * Runs queries that share one source: poll a micro-batch, log its offsets
 * (with a checkpoint), decode it once into a polars DataFrame, run every
 * query, hand results to the sinks, write the commit log and state, then
 * acknowledge the source (Kafka: the group's progress marker).
 *
 * @module
 */
import { Instrumentation } from "../support/mod.ts";
import type { Clock, Logger } from "./clock.ts";
import type { BatchProgress, EngineEvents, StreamSummary } from "./progress.ts";
import type { StreamQuery } from "./stream_query.ts";
import { validate } from "./_stream_checks.ts";
import { StreamRun } from "./_stream_run.ts";

/**
 * When batches run: `"asap"` — as soon as the previous batch is done and
 * records are available; `{ intervalMs }` — every interval (processing
 * time); `{ everyRecords }` — each time that many new records have been
 * read (fewer wait for more; `stop()` runs what was read as a last, smaller
 * batch); `"once"` — until the source is exhausted, then the watermark
 * moves past every event (every window closes) and the stream stops.
 */
export type Trigger =
  | "asap"
  | "once"
  | { readonly intervalMs: number }
  | { readonly everyRecords: number };

/** Options of {@linkcode startStream}. */
export interface StreamOptions {
  /** When batches run. Default `"asap"`. */
  trigger?: Trigger;
  /**
   * Largest micro-batch, in records. Default 100,000. With trigger
   * `{ everyRecords }`, batches hold exactly that many records instead.
   */
  maxRecordsPerBatch?: number;
  /**
   * Directory for checkpoints: before a batch runs, its source positions
   * go to the offset log; after its sinks, the state, result tables and
   * position go to the commit log, each atomically. A restart resumes
   * exactly after the last committed batch (a checkpoint takes precedence
   * over the source's starting-offset options), replaying a batch that was
   * logged but not committed with exactly the same records. Without one,
   * every run is a new query and the source is never acknowledged.
   * Default: none.
   */
  checkpointDir?: string;
  /** Processing time. Default the system clock. */
  clock?: Clock;
  /** Structured logger. Default silent. */
  logger?: Logger;
  /** Receives `engine.*` events. Default a new hub (see `instrumentation`). */
  instrumentation?: Instrumentation<EngineEvents>;
  /** Log a compact progress line per batch (info level). Default false. */
  logProgress?: boolean;
  /** Pause when `"asap"` finds no records, in ms. Default 50. */
  idlePollMs?: number;
  /**
   * How long a batch may wait for a source that delivers records as they
   * arrive (Kafka) to fill it up to `maxRecordsPerBatch`. Default 1,000 ms
   * with trigger `"once"` (throughput), 0 otherwise (latency).
   */
  batchFillMs?: number;
}

/** A running stream. */
export interface RunningStream {
  /** Resolves when the stream stops (rejects on failure). */
  readonly done: Promise<StreamSummary>;
  /** The `engine.*` event hub. */
  readonly instrumentation: Instrumentation<EngineEvents>;
  /** The last batch's progress, if any. */
  readonly lastProgress: BatchProgress | undefined;
  /** Asks the stream to stop after the current batch; resolves like `done`. */
  stop(): Promise<StreamSummary>;
}

/**
 * Starts running queries over their (shared) source.
 *
 * @param queries Queries made by `writeStream()`, all on one source.
 * @param options Trigger, batch size, checkpoint, clock, logger.
 * @returns The running stream.
 * @throws {TypeError} For queries on different sources, duplicate names
 *   or shared sinks.
 * @throws {RangeError} For an invalid trigger or batch size.
 *
 * @example
 * ```ts
 * const stream = startStream([plays], { trigger: { intervalMs: 1000 } });
 * stream.instrumentation.on("engine.batch_end", (p) => console.log(p.inputRows));
 * await stream.stop();
 * ```
 */
export function startStream(
  queries: readonly StreamQuery[],
  options: StreamOptions = {},
): RunningStream {
  validate(queries, options);
  const instrumentation = options.instrumentation ??
    new Instrumentation<EngineEvents>();
  const control = {
    stopping: false,
    last: undefined as BatchProgress | undefined,
  };
  const done = new StreamRun(queries, options, instrumentation, control)
    .run();
  done.catch(() => {}); // rejections surface through `done`/`stop()`
  return {
    done,
    instrumentation,
    get lastProgress() {
      return control.last;
    },
    stop() {
      control.stopping = true;
      return done;
    },
  };
}

/**
 * Runs queries with trigger `"once"`: reads the source until exhausted,
 * closes every window, stops.
 *
 * @param queries Queries made by `writeStream()`, all on one source.
 * @param options As {@linkcode startStream}; `trigger` is ignored.
 * @returns The run's summary.
 */
export function runOnce(
  queries: readonly StreamQuery[],
  options: StreamOptions = {},
): Promise<StreamSummary> {
  return startStream(queries, { ...options, trigger: "once" }).done;
}
