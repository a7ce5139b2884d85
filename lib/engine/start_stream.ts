/**
 * Runs queries that share one source: poll a micro-batch, decode it once
 * into a polars DataFrame, run every query, hand results to the sinks,
 * write the checkpoint, then acknowledge the source (Kafka commit).
 *
 * @module
 */
import { Instrumentation } from "../support/mod.ts";
import { type Clock, type Logger, silentLogger, systemClock } from "./clock.ts";
import { readCheckpoint, writeCheckpoint } from "./_checkpoint.ts";
import {
  type BatchProgress,
  type EngineEvents,
  formatProgress,
  type StreamSummary,
} from "./progress.ts";
import { QueryRuntime, type TransformMemo } from "./_query_runtime.ts";
import type { SinkBatch } from "./sink.ts";
import type { SourcePosition } from "./source.ts";
import type { StreamQuery } from "./stream_query.ts";
import { ColumnBuilder } from "./_column_builder.ts";
import { checkCompatible, neededColumns, validate } from "./_stream_checks.ts";

/** Records asked of the source per poll while a batch fills. */
const POLL_CHUNK = 8192;

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
   * Directory for checkpoints: after every batch the state, result tables
   * and source position are written there atomically, and a restart
   * resumes exactly after the last checkpointed batch (a checkpoint takes
   * precedence over the source's starting-offset options). Default: none.
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

function iso(ms: number): string | null {
  if (ms === -Infinity) return null;
  if (ms === Infinity) return "+infinity";
  return new Date(ms).toISOString();
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
  const done = run(queries, options, instrumentation, control);
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

async function run(
  queries: readonly StreamQuery[],
  options: StreamOptions,
  events: Instrumentation<EngineEvents>,
  control: { stopping: boolean; last: BatchProgress | undefined },
): Promise<StreamSummary> {
  const {
    trigger = "asap",
    maxRecordsPerBatch = 100_000,
    checkpointDir,
    clock = systemClock,
    logger = silentLogger,
    logProgress = false,
    idlePollMs = 50,
    batchFillMs = trigger === "once" ? 1_000 : 0,
  } = options;
  const source = queries[0].plan.source;
  const runtimes = queries.map((q) => new QueryRuntime(q.plan));
  const columns = neededColumns(queries);
  const runStarted = clock.now();
  const summary: StreamSummary = {
    batches: 0,
    inputRows: 0,
    durationMs: 0,
    lastBatchId: -1,
    lateRows: {},
  };
  let batchId = 0;
  let position: SourcePosition | null = null;
  let finished = false;
  if (checkpointDir) {
    const checkpoint = readCheckpoint(checkpointDir);
    if (checkpoint) {
      checkCompatible(checkpointDir, checkpoint, queries);
      const now = clock.now();
      runtimes.forEach((r) =>
        r.restore(checkpoint.queries[r.plan.name].snapshot, now)
      );
      batchId = checkpoint.batchId + 1;
      summary.lastBatchId = checkpoint.batchId;
      position = checkpoint.position;
      finished = checkpoint.finished;
      logger.log("info", "resuming from checkpoint", {
        directory: checkpointDir,
        batchId: checkpoint.batchId,
      });
    }
  }
  await source.open(position ?? undefined, {
    columns: columns.map((c) => c.name),
  });
  const known = source.partitions?.();
  if (known) {
    const now = clock.now();
    runtimes.forEach((r) => r.registerPartitions(known, now));
  }
  let error: unknown;
  try {
    for (const r of runtimes) {
      const sink = r.plan.sink;
      await sink.open?.(
        sinkInfo(r),
        sink.usesTable === false ? r.table.empty : r.table.table(),
      );
    }
    events.emit("engine.start", {
      queries: queries.map((q) => q.name),
      sourceId: source.id,
      resumedFromBatch: batchId > 0 ? batchId - 1 : null,
    });
    const intervalMs = typeof trigger === "object" && "intervalMs" in trigger
      ? trigger.intervalMs
      : undefined;
    const everyRecords =
      typeof trigger === "object" && "everyRecords" in trigger
        ? trigger.everyRecords
        : undefined;
    const batchLimit = everyRecords ?? maxRecordsPerBatch;
    let nextTick = clock.now();
    while (!control.stopping && !(trigger === "once" && finished)) {
      if (intervalMs !== undefined) {
        const wait = nextTick - clock.now();
        if (wait > 0) await clock.sleep(wait);
        nextTick = Math.max(nextTick + intervalMs, clock.now());
        if (control.stopping) break;
      }
      const started = clock.now();
      const builder = new ColumnBuilder(columns, batchLimit);
      let exhausted = false;
      let nextPosition = position;
      const fillUntil = started + batchFillMs;
      // Poll in chunks: records become columns right away and die young.
      // A chunk without records ends the batch; a source that waits for
      // records (Kafka) gets the rest of the fill time to deliver more.
      // A count trigger waits until the batch is full (or the stream stops).
      while (builder.rows < batchLimit) {
        const chunk = await source.poll(
          Math.min(POLL_CHUNK, batchLimit - builder.rows),
          everyRecords !== undefined
            ? idlePollMs
            : builder.rows === 0
            ? (trigger === "once" ? 500 : 0)
            : Math.max(0, fillUntil - clock.now()),
        );
        if (chunk.records.length > 0) {
          builder.append(chunk.records, chunk.partitions);
        }
        nextPosition = chunk.position;
        exhausted = chunk.exhausted;
        if (everyRecords !== undefined) {
          if (control.stopping) break;
          if (chunk.records.length === 0) await clock.sleep(idlePollMs);
          continue;
        }
        if (chunk.records.length === 0 || chunk.exhausted) break;
      }
      const rows = builder.rows;
      const closing = trigger === "once" && rows === 0 && exhausted;
      if (rows === 0 && !closing) {
        const now = clock.now();
        if (!runtimes.some((r) => r.watermarkWouldAdvance(now))) {
          if (trigger === "asap") await clock.sleep(idlePollMs);
          continue;
        }
      }
      const df = builder.finish();
      const now = clock.now();
      const memo: TransformMemo = new Map();
      const outcomes = runtimes.map((r) =>
        closing ? r.finish(now) : r.process(df, now, memo)
      );
      for (const [i, r] of runtimes.entries()) {
        const outcome = outcomes[i];
        const sinkBatch: SinkBatch = {
          ...sinkInfo(r),
          batchId,
          get rows() {
            return outcome.rows();
          },
          table: () => r.table.table(),
        };
        await r.plan.sink.write(sinkBatch);
      }
      position = nextPosition;
      if (checkpointDir) {
        writeCheckpoint(checkpointDir, {
          batchId,
          finished: closing,
          sourceId: source.id,
          position,
          queries: Object.fromEntries(
            runtimes.map((r, i) => [r.plan.name, {
              fingerprint: queries[i].fingerprint,
              snapshot: r.snapshot(),
            }]),
          ),
        });
      }
      if (rows > 0 && position) await source.commit(position);
      const durationMs = Math.max(clock.now() - started, 0);
      const progress: BatchProgress = {
        batchId,
        timestamp: new Date(started).toISOString(),
        inputRows: rows,
        durationMs,
        rowsPerSecond: durationMs > 0 ? (rows * 1000) / durationMs : 0,
        position,
        final: closing,
        queries: runtimes.map((r, i) => ({
          name: r.plan.name,
          inputRows: outcomes[i].inputRows,
          outputRows: outcomes[i].outputRows,
          lateRows: outcomes[i].lateRows,
          lateRowsTotal: r.lateRowsTotal,
          stateRows: r.stateRows,
          watermark: iso(r.watermarkMs),
        })),
      };
      control.last = progress;
      summary.batches++;
      summary.inputRows += rows;
      summary.lastBatchId = batchId;
      events.emit("engine.batch_end", progress);
      if (logProgress) logger.log("info", formatProgress(progress));
      batchId++;
      if (closing) finished = true;
    }
  } catch (e) {
    error = e;
    logger.log("error", "stream failed", { error: String(e) });
    throw e;
  } finally {
    summary.durationMs = clock.now() - runStarted;
    for (const r of runtimes) summary.lateRows[r.plan.name] = r.lateRowsTotal;
    await source.close();
    for (const r of runtimes) await r.plan.sink.close?.();
    events.emit("engine.stop", {
      ...summary,
      ...(error ? { error: String(error) } : {}),
    });
  }
  return summary;
}

function sinkInfo(r: QueryRuntime) {
  return {
    name: r.plan.name,
    outputMode: r.plan.outputMode,
    keyColumns: r.plan.keyColumns,
  };
}
