/**
 * One run of a stream, step by step: restore the checkpoint, open the
 * source and the sinks, then per trigger tick fill a micro-batch, run every
 * query on it, hand the results to the sinks, checkpoint, acknowledge the
 * source and report progress; at the end close everything.
 *
 * @module
 */
import type { Instrumentation } from "../support/mod.ts";
import { type Clock, type Logger, silentLogger, systemClock } from "./clock.ts";
import {
  type PlannedBatch,
  readCheckpoint,
  writeCheckpoint,
  writeOffsetLog,
} from "./_checkpoint.ts";
import { CheckpointError } from "./errors.ts";
import { ColumnBuilder } from "./_column_builder.ts";
import type { ColumnSpec } from "./columns.ts";
import {
  type QueryBatchOutcome,
  QueryRuntime,
  type TransformMemo,
} from "./_query_runtime.ts";
import {
  type BatchProgress,
  type EngineEvents,
  formatProgress,
  type StreamSummary,
} from "./progress.ts";
import type { SinkBatch } from "./sink.ts";
import type { Source, SourceBatch, SourcePosition } from "./source.ts";
import type { StreamOptions, Trigger } from "./start_stream.ts";
import type { StreamQuery } from "./stream_query.ts";
import {
  checkCompatible,
  checkPartitions,
  checkPlanned,
  neededColumns,
} from "./_stream_checks.ts";

/** Records asked of the source per poll while a batch fills. */
const POLL_CHUNK = 8192;

/** What the caller of a run shares with it. */
export interface RunControl {
  /** Set to stop after the current batch. */
  stopping: boolean;
  /** The last batch's progress. */
  last: BatchProgress | undefined;
}

/** A filled micro-batch, before it runs. */
interface FilledBatch {
  builder: ColumnBuilder;
  exhausted: boolean;
  nextPosition: SourcePosition | null;
}

function iso(ms: number): string | null {
  if (ms === -Infinity) return null;
  if (ms === Infinity) return "+infinity";
  return new Date(ms).toISOString();
}

function sinkInfo(r: QueryRuntime) {
  return {
    name: r.plan.name,
    outputMode: r.plan.outputMode,
    keyColumns: r.plan.keyColumns,
  };
}

/** The interval of a `{ intervalMs }` trigger. */
function intervalOf(trigger: Trigger): number | undefined {
  return typeof trigger === "object" && "intervalMs" in trigger
    ? trigger.intervalMs
    : undefined;
}

/** The count of an `{ everyRecords }` trigger. */
function everyRecordsOf(trigger: Trigger): number | undefined {
  return typeof trigger === "object" && "everyRecords" in trigger
    ? trigger.everyRecords
    : undefined;
}

/** Runs queries that share one source until stopped (or, once, exhausted). */
export class StreamRun {
  readonly #queries: readonly StreamQuery[];
  readonly #events: Instrumentation<EngineEvents>;
  readonly #control: RunControl;
  readonly #source: Source;
  readonly #runtimes: QueryRuntime[];
  readonly #columns: ColumnSpec[];
  readonly #trigger: Trigger;
  readonly #batchLimit: number;
  readonly #checkpointDir?: string;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #logProgress: boolean;
  readonly #idlePollMs: number;
  readonly #batchFillMs: number;
  readonly #summary: StreamSummary = {
    batches: 0,
    inputRows: 0,
    invalidRows: 0,
    durationMs: 0,
    lastBatchId: -1,
    lateRows: {},
  };
  #batchId = 0;
  /** Invalid messages the source rejected since the last progress report. */
  #invalidRows = 0;
  #position: SourcePosition | null = null;
  #finished = false;
  /** The partitions of the checkpoint resumed (`null`: unknown or none). */
  #partitions: readonly number[] | null = null;
  /** A batch of the offset log that was not committed: replayed first. */
  #planned: PlannedBatch | undefined;

  /** Prepares a run (nothing is opened yet). */
  constructor(
    queries: readonly StreamQuery[],
    options: StreamOptions,
    events: Instrumentation<EngineEvents>,
    control: RunControl,
  ) {
    const { trigger = "asap", maxRecordsPerBatch = 100_000 } = options;
    this.#queries = queries;
    this.#events = events;
    this.#control = control;
    this.#source = queries[0].plan.source;
    this.#runtimes = queries.map((q) => new QueryRuntime(q.plan));
    this.#columns = neededColumns(queries);
    this.#trigger = trigger;
    this.#batchLimit = everyRecordsOf(trigger) ?? maxRecordsPerBatch;
    this.#checkpointDir = options.checkpointDir;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
    this.#logProgress = options.logProgress ?? false;
    this.#idlePollMs = options.idlePollMs ?? 50;
    this.#batchFillMs = options.batchFillMs ?? (trigger === "once" ? 1_000 : 0);
  }

  /** Runs to the end; resolves with the summary, rejects on failure. */
  async run(): Promise<StreamSummary> {
    const started = this.#clock.now();
    this.#restore();
    await this.#openSource();
    let error: unknown;
    try {
      await this.#openSinks();
      await this.#loop();
    } catch (e) {
      error = e;
      this.#logger.log("error", "stream failed", { error: String(e) });
      throw e;
    } finally {
      await this.#close(started, error);
    }
    return this.#summary;
  }

  /** Resumes from the checkpoint, if there is one. */
  #restore(): void {
    if (!this.#checkpointDir) return;
    const { commit: checkpoint, planned } = readCheckpoint(
      this.#checkpointDir,
    );
    if (planned) checkPlanned(this.#checkpointDir, planned, this.#queries);
    this.#planned = planned;
    if (!checkpoint) return;
    checkCompatible(this.#checkpointDir, checkpoint, this.#queries);
    this.#partitions = checkpoint.partitions;
    const now = this.#clock.now();
    this.#runtimes.forEach((r) =>
      r.restore(checkpoint.queries[r.plan.name].snapshot, now)
    );
    this.#batchId = checkpoint.batchId + 1;
    this.#summary.lastBatchId = checkpoint.batchId;
    this.#position = checkpoint.position;
    this.#finished = checkpoint.finished;
    this.#logger.log("info", "resuming from checkpoint", {
      directory: this.#checkpointDir,
      batchId: checkpoint.batchId,
    });
  }

  /**
   * Opens the source at the position, checks it reads the checkpoint's
   * partitions and registers them.
   */
  async #openSource(): Promise<void> {
    await this.#source.open(this.#position ?? undefined, {
      columns: this.#columns.map((c) => c.name),
    });
    const known = this.#source.partitions?.();
    if (known && this.#checkpointDir) {
      try {
        checkPartitions(this.#checkpointDir, this.#partitions, known);
      } catch (error) {
        await this.#source.close();
        throw error;
      }
    }
    if (known) {
      const now = this.#clock.now();
      this.#runtimes.forEach((r) => r.registerPartitions(known, now));
    }
  }

  /** Gives every sink its table as restored (or empty). */
  async #openSinks(): Promise<void> {
    for (const r of this.#runtimes) {
      await r.plan.sink.open?.(sinkInfo(r), r.table.opening());
    }
    this.#events.emit("engine.start", {
      queries: this.#queries.map((q) => q.name),
      sourceId: this.#source.id,
      resumedFromBatch: this.#batchId > 0 ? this.#batchId - 1 : null,
      replayingBatch: this.#planned?.batchId ?? null,
    });
  }

  /** Batches, one per trigger tick, until stopped or finished. */
  async #loop(): Promise<void> {
    const intervalMs = intervalOf(this.#trigger);
    let nextTick = this.#clock.now();
    while (!this.#control.stopping && !this.#onceDone()) {
      const replay = this.#planned;
      this.#planned = undefined;
      if (intervalMs !== undefined && !replay) {
        const wait = nextTick - this.#clock.now();
        if (wait > 0) await this.#clock.sleep(wait);
        nextTick = Math.max(nextTick + intervalMs, this.#clock.now());
        if (this.#control.stopping) break;
      }
      const started = this.#clock.now();
      const batch = replay
        ? await this.#replay(replay)
        : await this.#fill(started);
      const rows = batch.builder.rows;
      const closing = replay
        ? replay.final
        : this.#trigger === "once" && rows === 0 && batch.exhausted;
      if (
        rows === 0 && !closing && !replay && !this.#watermarkWouldAdvance()
      ) {
        if (this.#trigger === "asap") await this.#clock.sleep(this.#idlePollMs);
        continue;
      }
      if (!replay) this.#logOffsets(batch.nextPosition, closing);
      const outcomes = await this.#runQueries(batch.builder, closing);
      this.#position = batch.nextPosition;
      await this.#checkpoint(closing, rows);
      this.#report(started, rows, closing, outcomes);
      this.#batchId++;
      if (closing) this.#finished = true;
    }
  }

  #onceDone(): boolean {
    return this.#trigger === "once" && this.#finished;
  }

  #watermarkWouldAdvance(): boolean {
    const now = this.#clock.now();
    return this.#runtimes.some((r) => r.watermarkWouldAdvance(now));
  }

  /**
   * Polls the source in chunks (records become columns right away and die
   * young). A chunk without records ends the batch; a source that waits
   * for records (Kafka) gets the rest of the fill time to deliver more. A
   * count trigger waits until the batch is full (or the stream stops).
   */
  async #fill(started: number): Promise<FilledBatch> {
    const builder = new ColumnBuilder(this.#columns, this.#batchLimit);
    const countTrigger = everyRecordsOf(this.#trigger) !== undefined;
    const fillUntil = started + this.#batchFillMs;
    let exhausted = false;
    let nextPosition = this.#position;
    while (builder.rows < this.#batchLimit) {
      const chunk = await this.#source.poll(
        Math.min(POLL_CHUNK, this.#batchLimit - builder.rows),
        this.#pollWaitMs(builder.rows, fillUntil),
      );
      const size = chunk.frame?.height ?? chunk.records.length;
      if (chunk.frame && size > 0) builder.appendFrame(chunk.frame);
      else if (size > 0) builder.append(chunk.records, chunk.partitions);
      nextPosition = chunk.position;
      exhausted = chunk.exhausted;
      this.#noteCaughtUp(chunk);
      this.#invalidRows += chunk.invalid ?? 0;
      this.#summary.invalidRows += chunk.invalid ?? 0;
      if (countTrigger) {
        if (this.#control.stopping) break;
        if (size === 0) {
          await this.#clock.sleep(this.#idlePollMs);
        }
        continue;
      }
      const nothing = size === 0 && !(chunk.invalid! > 0);
      if (nothing || chunk.exhausted) break;
    }
    return { builder, exhausted, nextPosition };
  }

  /** Passes on which partitions the source has read to their end. */
  #noteCaughtUp(chunk: SourceBatch): void {
    if (!chunk.caughtUp) return;
    const now = this.#clock.now();
    this.#runtimes.forEach((r) => r.reportCaughtUp(chunk.caughtUp!, now));
  }

  /**
   * How long one poll may wait for records: a count trigger polls at the
   * idle pace; the first poll of a batch waits only with trigger `"once"`
   * (a slow source is not taken for an exhausted one); later polls get
   * what is left of the fill time.
   */
  #pollWaitMs(rowsSoFar: number, fillUntil: number): number {
    if (everyRecordsOf(this.#trigger) !== undefined) return this.#idlePollMs;
    if (rowsSoFar === 0) return this.#trigger === "once" ? 500 : 0;
    return Math.max(0, fillUntil - this.#clock.now());
  }

  /**
   * Reads a batch of the offset log again: exactly up to its end position.
   *
   * @throws {CheckpointError} When the source cannot deliver those records.
   */
  async #replay(planned: PlannedBatch): Promise<FilledBatch> {
    const builder = new ColumnBuilder(this.#columns, POLL_CHUNK);
    let position = planned.start;
    let exhausted = false;
    const end = planned.end ?? {};
    const reached = () =>
      Object.keys(end).every((key) => position?.[key] === end[key]);
    while (!reached()) {
      const chunk = await this.#source.poll(POLL_CHUNK, 1_000, { until: end });
      const size = chunk.frame?.height ?? chunk.records.length;
      if (chunk.frame && size > 0) builder.appendFrame(chunk.frame);
      else if (size > 0) builder.append(chunk.records, chunk.partitions);
      position = chunk.position;
      exhausted = chunk.exhausted;
      this.#noteCaughtUp(chunk);
      if (size === 0 && exhausted) break;
    }
    if (!reached()) {
      throw new CheckpointError(
        `cannot replay batch ${planned.batchId} of checkpoint ` +
          `${this.#checkpointDir}: the offset log planned it up to ` +
          `${JSON.stringify(end)}, the source stopped at ` +
          `${JSON.stringify(position)}`,
        this.#checkpointDir!,
      );
    }
    return { builder, exhausted, nextPosition: position };
  }

  /** Writes the batch's offset log entry, before it runs. */
  #logOffsets(end: SourcePosition | null, closing: boolean): void {
    if (!this.#checkpointDir) return;
    writeOffsetLog(this.#checkpointDir, {
      batchId: this.#batchId,
      sourceId: this.#source.id,
      start: this.#position,
      end,
      final: closing,
    });
  }

  /** Runs every query on the batch (or closes them) and feeds the sinks. */
  async #runQueries(
    builder: ColumnBuilder,
    closing: boolean,
  ): Promise<QueryBatchOutcome[]> {
    const df = builder.finish();
    const now = this.#clock.now();
    const memo: TransformMemo = new Map();
    const outcomes = this.#runtimes.map((r) =>
      closing ? r.finish(now) : r.process(df, now, memo)
    );
    const batchId = this.#batchId;
    for (const [i, r] of this.#runtimes.entries()) {
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
    return outcomes;
  }

  /**
   * Writes the batch's commit log entry (state after its sinks), then
   * acknowledges the source (Kafka: the group's progress marker).
   */
  async #checkpoint(closing: boolean, rows: number): Promise<void> {
    if (!this.#checkpointDir) return;
    writeCheckpoint(this.#checkpointDir, {
      batchId: this.#batchId,
      finished: closing,
      sourceId: this.#source.id,
      partitions: this.#source.partitions?.() ?? null,
      position: this.#position,
      queries: Object.fromEntries(
        this.#runtimes.map((r, i) => [r.plan.name, {
          fingerprint: this.#queries[i].fingerprint,
          snapshot: r.snapshot(),
        }]),
      ),
    });
    if (rows > 0 && this.#position) await this.#source.commit(this.#position);
  }

  /** Emits the batch's progress and adds it to the summary. */
  #report(
    started: number,
    rows: number,
    closing: boolean,
    outcomes: readonly QueryBatchOutcome[],
  ): void {
    const durationMs = Math.max(this.#clock.now() - started, 0);
    const progress: BatchProgress = {
      batchId: this.#batchId,
      timestamp: new Date(started).toISOString(),
      inputRows: rows,
      invalidRows: this.#invalidRows,
      durationMs,
      rowsPerSecond: durationMs > 0 ? (rows * 1000) / durationMs : 0,
      position: this.#position,
      final: closing,
      queries: this.#runtimes.map((r, i) => ({
        name: r.plan.name,
        inputRows: outcomes[i].inputRows,
        outputRows: outcomes[i].outputRows,
        lateRows: outcomes[i].lateRows,
        lateRowsTotal: r.lateRowsTotal,
        stateRows: r.stateRows,
        watermark: iso(r.watermarkMs),
      })),
    };
    this.#control.last = progress;
    this.#invalidRows = 0;
    this.#summary.batches++;
    this.#summary.inputRows += rows;
    this.#summary.lastBatchId = this.#batchId;
    this.#events.emit("engine.batch_end", progress);
    if (this.#logProgress) this.#logger.log("info", formatProgress(progress));
  }

  /** Closes the source and the sinks and emits `engine.stop`. */
  async #close(started: number, error: unknown): Promise<void> {
    const summary = this.#summary;
    summary.durationMs = this.#clock.now() - started;
    for (const r of this.#runtimes) {
      summary.lateRows[r.plan.name] = r.lateRowsTotal;
    }
    await this.#source.close();
    for (const r of this.#runtimes) await r.plan.sink.close?.();
    this.#events.emit("engine.stop", {
      ...summary,
      ...(error ? { error: String(error) } : {}),
    });
  }
}
