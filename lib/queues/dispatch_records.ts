/**
 * The dispatcher: routes every record of a source to its personality's
 * queue, packed into messages, and commits source batches strictly after
 * the queue service accepted them (at-least-once, nothing lost).
 *
 * @module
 */
import { AzuriteRestartedError } from "../azurite/mod.ts";
import { Instrumentation } from "../support/mod.ts";
import { PERSONALITY_NAMES } from "../personalities/mod.ts";
import type { ListeningRecord } from "../schema/mod.ts";
import type { DispatchBatch, DispatchSource } from "./dispatch_source.ts";
import { packRecords } from "./pack_records.ts";
import type { PackRecordsOptions } from "./pack_records.ts";
import { DispatchError } from "./queue_errors.ts";
import type { QueueEvents } from "./queue_events.ts";
import type { PackedMessage } from "./pack_records.ts";
import type { SendOptions } from "./queue_sender.ts";
import { recordId } from "./record_id.ts";

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

interface Stored {
  /** The sink's persistence mark, taken before the sends. */
  mark: string | undefined;
  records: number;
  messages: number;
  perPersonality: Map<string, { records: number; messages: number }>;
  unroutable: number;
}

const KNOWN = new Set(PERSONALITY_NAMES);

async function settleAll(promises: Promise<unknown>[]): Promise<void> {
  const results = await Promise.allSettled(promises);
  const failure = results.find((r) => r.status === "rejected");
  if (failure) throw (failure as PromiseRejectedResult).reason;
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
  const {
    maxBatchesInFlight = 4,
    unroutable,
    signal,
    onProgress,
    events = new Instrumentation<QueueEvents>(),
    ...packOptions
  } = options;
  if (!Number.isInteger(maxBatchesInFlight) || maxBatchesInFlight < 1) {
    throw new RangeError(
      `maxBatchesInFlight must be a positive integer: got ${maxBatchesInFlight}`,
    );
  }
  const startedAt = performance.now();
  const abort = new AbortController();
  const totals = { records: 0, messages: 0, batches: 0, unroutable: 0 };
  const perPersonality = new Map<
    string,
    { records: number; messages: number }
  >();

  const store = async (batch: DispatchBatch): Promise<Stored> => {
    const groups = new Map<string, ListeningRecord[]>();
    for (const record of batch.records) {
      let group = groups.get(record.personality);
      if (!group) groups.set(record.personality, group = []);
      group.push(record);
    }
    const stored: Stored = {
      mark: sender.persistenceMark?.(),
      records: 0,
      messages: 0,
      perPersonality: new Map(),
      unroutable: 0,
    };
    const sends: Promise<unknown>[] = [];
    const unknown: ListeningRecord[] = [];
    for (const [personality, records] of groups) {
      if (!KNOWN.has(personality)) {
        unknown.push(...records);
        continue;
      }
      const messages = packRecords(personality, records, packOptions);
      sends.push(
        sender.send(personality, messages, { signal: abort.signal }).then(
          () => {
            stored.records += records.length;
            stored.messages += messages.length;
            stored.perPersonality.set(personality, {
              records: records.length,
              messages: messages.length,
            });
          },
        ),
      );
    }
    if (unknown.length > 0) {
      if (!unroutable) {
        throw new RangeError(
          `record ${recordId(unknown[0])} has unknown personality ${
            JSON.stringify(unknown[0].personality)
          }`,
        );
      }
      sends.push(
        unroutable(unknown).then(() => {
          stored.unroutable += unknown.length;
        }),
      );
    }
    try {
      await settleAll(sends);
    } catch (error) {
      // Stop every other send at once; the first real failure is the cause.
      if (!(error instanceof DOMException && error.name === "AbortError")) {
        storeError ??= error;
      }
      abort.abort();
      throw error;
    }
    events.emit("dispatch.batch_stored", {
      records: stored.records,
      messages: stored.messages,
    });
    return stored;
  };

  let storeError: unknown;
  let failure: unknown;
  let failed!: () => void;
  const failedSignal = new Promise<"failed">((resolve) => {
    failed = () => resolve("failed");
  });
  const fail = (error: unknown) => {
    if (failure !== undefined) return;
    failure = storeError ?? error;
    abort.abort();
    failed();
  };

  // Commits run in source order on one chain, as soon as each batch (and
  // every batch before it) is stored — independent of pulling, so a source
  // that waits for a commit before yielding the next batch cannot deadlock.
  let chain: Promise<void> = Promise.resolve();
  let inFlight = 0;
  let slotFreed: (() => void) | undefined;
  const enqueueCommit = (batch: DispatchBatch, stored: Promise<Stored>) => {
    inFlight++;
    chain = chain.then(async () => {
      try {
        if (failure !== undefined) {
          await stored.catch(() => {});
          return;
        }
        let result: Stored;
        try {
          result = await durable(batch, await stored);
        } catch (error) {
          fail(error);
          return;
        }
        try {
          await batch.commit();
        } catch (error) {
          fail(error);
          return;
        }
        record(result);
      } finally {
        inFlight--;
        slotFreed?.();
      }
    });
  };
  // A batch is committed only once the sink says its messages are
  // durable; when the service restarted and may have lost them, they are
  // sent again (at least once: a drain removes the duplicates).
  const durable = async (batch: DispatchBatch, stored: Stored) => {
    while (sender.persisted) {
      try {
        await sender.persisted(stored.mark);
        return stored;
      } catch (error) {
        if (
          !(error instanceof AzuriteRestartedError) || failure !== undefined
        ) {
          throw error;
        }
        events.emit("dispatch.resent", {
          records: stored.records,
          reason: error.message,
        });
        stored = await store(batch);
      }
    }
    return stored;
  };
  const record = (stored: Stored) => {
    totals.records += stored.records;
    totals.messages += stored.messages;
    totals.unroutable += stored.unroutable;
    totals.batches++;
    for (const [personality, figures] of stored.perPersonality) {
      const sum = perPersonality.get(personality) ??
        { records: 0, messages: 0 };
      sum.records += figures.records;
      sum.messages += figures.messages;
      perPersonality.set(personality, sum);
    }
    events.emit("dispatch.committed", {
      records: stored.records + stored.unroutable,
      committedRecords: totals.records + totals.unroutable,
    });
    onProgress?.({
      committedRecords: totals.records + totals.unroutable,
      messages: totals.messages,
      elapsedMs: performance.now() - startedAt,
    });
  };

  const iterator = source[Symbol.asyncIterator]();
  let exhausted = false;
  try {
    while (
      failure === undefined && !abort.signal.aborted && !signal?.aborted
    ) {
      const next = await Promise.race([iterator.next(), failedSignal]);
      if (next === "failed") break;
      if (next.done) {
        exhausted = true;
        break;
      }
      const stored = store(next.value);
      stored.catch(() => {}); // handled on the commit chain
      enqueueCommit(next.value, stored);
      while (inFlight >= maxBatchesInFlight && failure === undefined) {
        await new Promise<void>((resolve) => slotFreed = resolve);
      }
    }
  } catch (error) {
    fail(error);
  }
  await chain;
  // Stop the source early (a failure or the signal): e.g. a Kafka source
  // then stops consuming and commits nothing more.
  if (!exhausted) await iterator.return?.();
  if (failure !== undefined) {
    if (failure instanceof TypeError || failure instanceof RangeError) {
      throw failure;
    }
    const reason = failure instanceof Error ? failure.message : `${failure}`;
    throw new DispatchError(
      `dispatch stopped: ${reason} (${totals.records} records committed; nothing after them)`,
      { committedRecords: totals.records, cause: failure },
    );
  }
  const elapsedMs = performance.now() - startedAt;
  const seconds = Math.max(elapsedMs / 1000, 1e-9);
  return {
    records: totals.records,
    messages: totals.messages,
    batches: totals.batches,
    unroutable: totals.unroutable,
    elapsedMs,
    recordsPerSecond: totals.records / seconds,
    queues: PERSONALITY_NAMES.filter((p) => perPersonality.has(p)).map((p) => {
      const { records, messages } = perPersonality.get(p)!;
      return {
        personality: p,
        queue: sender.queueFor(p),
        records,
        messages,
        recordsPerSecond: records / seconds,
      };
    }),
  };
}
