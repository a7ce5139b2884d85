/**
 * The dispatcher: routes every record of a source to its personality's
 * queue, packed into messages, and commits source batches strictly after
 * the queue service accepted them (at-least-once, nothing lost).
 *
 * @module
 */
import type { Instrumentation } from "../support/mod.ts";
import type { ListeningRecord } from "../schema/mod.ts";
import type { DispatchSource } from "./dispatch_source.ts";
import type { PackRecordsOptions } from "./pack_records.ts";
import type { QueueEvents } from "./queue_events.ts";
import type { PackedMessage } from "./pack_records.ts";
import type { SendOptions } from "./queue_sender.ts";
import { DispatchRun } from "./_dispatch_run.ts";

/**
 * Where the dispatcher sends messages; `QueueSender` is the real
 * one.
 */
export interface QueueSink {
  /** The queue name of a personality. */
  queueFor(personality: string): string;
  /** Resolves once every message was accepted; rejects on persistent failure. */
  send(
    personality: string,
    messages: readonly PackedMessage[],
    options?: SendOptions,
  ): Promise<void>;
  /**
   * A token of the service instance, taken before a batch's sends; omit
   * when acknowledgements are durable by themselves.
   */
  persistenceMark?(): string | undefined;
  /**
   * Resolves once what the service acknowledged before the call is
   * durable; rejects with `AzuriteRestartedError` when the instance of
   * `mark` is gone (the batch is then sent again).
   */
  persisted?(mark: string | undefined): Promise<void>;
}

/** Options of {@linkcode dispatchRecords}. */
export interface DispatchOptions extends PackRecordsOptions {
  /**
   * Source batches being sent at once; commits still happen in source
   * order. Default 4.
   */
  maxBatchesInFlight?: number;
  /**
   * Receives records whose personality is not one of the 16 (e.g. a Kafka
   * dead-letter writer); awaited before their batch is committed. Without
   * it such a record stops the dispatch with a `RangeError`.
   */
  unroutable?: (records: ListeningRecord[]) => Promise<void>;
  /** Stop pulling batches when aborted; in-flight ones finish and commit. */
  signal?: AbortSignal;
  /** Called after each commit with the running totals. */
  onProgress?: (progress: DispatchProgress) => void;
  /** Receives `dispatch.batch_stored` and `dispatch.committed`. */
  events?: Instrumentation<QueueEvents>;
}

/** Running totals passed to `onProgress`. */
export interface DispatchProgress {
  /** Records committed at the source. */
  committedRecords: number;
  /** Messages accepted by the queue service. */
  messages: number;
  /** Milliseconds since the dispatch began. */
  elapsedMs: number;
}

/** Per-queue figures of a dispatch. */
export interface QueueDispatchStats {
  /** The personality. */
  personality: string;
  /** Its queue. */
  queue: string;
  /** Records sent to the queue. */
  records: number;
  /** Messages sent to the queue. */
  messages: number;
  /** `records` over the whole dispatch's duration. */
  recordsPerSecond: number;
}

/** What a finished dispatch did. */
export interface DispatchSummary {
  /** Records stored and committed. */
  records: number;
  /** Messages stored. */
  messages: number;
  /** Source batches committed. */
  batches: number;
  /** Records handed to `unroutable`. */
  unroutable: number;
  /** Duration in milliseconds. */
  elapsedMs: number;
  /** `records` per second. */
  recordsPerSecond: number;
  /** Figures per queue, in personality order, queues with records only. */
  queues: QueueDispatchStats[];
}

/**
 * Sends every record of `source` to its personality's queue and commits
 * each source batch once it — and every batch before it — was accepted.
 * Transient failures are retried by the sender; on a persistent failure the
 * dispatch stops: in-flight batches settle, nothing at or after the failed
 * batch is committed, and a {@linkcode DispatchError} is thrown.
 *
 * @param source Batches with `commit()`.
 * @param sender Sends to the queues (a `QueueSender`: concurrency and
 *   retries live there).
 * @param options Packing, pipelining, unroutable records, progress.
 * @returns The summary, with records/s per queue.
 * @throws {DispatchError} On a persistent failure (its `cause` is the
 *   `QueueServiceError`, its `committedRecords` what was committed).
 * @throws {RangeError} For a record of an unknown personality without an
 *   `unroutable` handler (nothing of its batch is committed).
 */
export async function dispatchRecords(
  source: DispatchSource,
  sender: QueueSink,
  options: DispatchOptions = {},
): Promise<DispatchSummary> {
  const { maxBatchesInFlight = 4 } = options;
  if (!Number.isInteger(maxBatchesInFlight) || maxBatchesInFlight < 1) {
    throw new RangeError(
      `maxBatchesInFlight must be a positive integer: got ${maxBatchesInFlight}`,
    );
  }
  return await new DispatchRun(source, sender, options).run();
}
