/**
 * One run of `dispatchRecords`, in named steps: pull batches, store each
 * (pack and send per personality), wait until it is durable, commit in
 * source order, tally, and finish with a summary or a `DispatchError`.
 *
 * @module
 */
import { AzuriteRestartedError } from "../azurite/mod.ts";
import { PERSONALITY_NAMES } from "../personalities/mod.ts";
import type { ListeningRecord } from "../schema/mod.ts";
import { Instrumentation } from "../support/mod.ts";
import type {
  DispatchOptions,
  DispatchSummary,
  QueueSink,
} from "./dispatch_records.ts";
import type { DispatchBatch, DispatchSource } from "./dispatch_source.ts";
import { packRecords, type PackRecordsOptions } from "./pack_records.ts";
import { DispatchError } from "./queue_errors.ts";
import type { QueueEvents } from "./queue_events.ts";
import { recordId } from "./record_id.ts";

/** What one batch's sends stored. */
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

function groupByPersonality(
  records: readonly ListeningRecord[],
): Map<string, ListeningRecord[]> {
  const groups = new Map<string, ListeningRecord[]>();
  for (const record of records) {
    let group = groups.get(record.personality);
    if (!group) groups.set(record.personality, group = []);
    group.push(record);
  }
  return groups;
}

/** The state of one dispatch; {@linkcode DispatchRun.run} drives it. */
export class DispatchRun {
  readonly #source: DispatchSource;
  readonly #sender: QueueSink;
  readonly #options: DispatchOptions;
  readonly #packOptions: PackRecordsOptions;
  readonly #events: Instrumentation<QueueEvents>;
  readonly #startedAt = performance.now();
  readonly #abort = new AbortController();
  readonly #totals = { records: 0, messages: 0, batches: 0, unroutable: 0 };
  readonly #perPersonality = new Map<
    string,
    { records: number; messages: number }
  >();
  /** The first failure of a send (not an abort it caused). */
  #storeError: unknown;
  /** Why the dispatch stops; `undefined` while it runs. */
  #failure: unknown;
  #failed!: () => void;
  readonly #failedSignal = new Promise<"failed">((resolve) => {
    this.#failed = () => resolve("failed");
  });
  /** Commits, in source order, one after the other. */
  #chain: Promise<void> = Promise.resolve();
  #inFlight = 0;
  #slotFreed: (() => void) | undefined;

  /**
   * @param source Batches with `commit()`.
   * @param sender The queues.
   * @param options As `dispatchRecords` (validated there).
   */
  constructor(
    source: DispatchSource,
    sender: QueueSink,
    options: DispatchOptions,
  ) {
    const {
      maxBatchesInFlight: _inFlight,
      unroutable: _unroutable,
      signal: _signal,
      onProgress: _onProgress,
      events = new Instrumentation<QueueEvents>(),
      ...packOptions
    } = options;
    this.#source = source;
    this.#sender = sender;
    this.#options = options;
    this.#packOptions = packOptions;
    this.#events = events;
  }

  /** Pulls, stores and commits every batch; then the summary. */
  async run(): Promise<DispatchSummary> {
    const iterator = this.#source[Symbol.asyncIterator]();
    const exhausted = await this.#pullAll(iterator);
    await this.#chain;
    // Stop the source early (a failure or the signal): e.g. a Kafka source
    // then stops consuming and commits nothing more.
    if (!exhausted) await iterator.return?.();
    if (this.#failure !== undefined) throw this.#stopError();
    return this.#summary();
  }

  /** Pulls batches while nothing failed; true when the source ended. */
  async #pullAll(iterator: AsyncIterator<DispatchBatch>): Promise<boolean> {
    const { maxBatchesInFlight = 4, signal } = this.#options;
    try {
      while (
        this.#failure === undefined && !this.#abort.signal.aborted &&
        !signal?.aborted
      ) {
        const next = await Promise.race([iterator.next(), this.#failedSignal]);
        if (next === "failed") return false;
        if (next.done) return true;
        const stored = this.#store(next.value);
        stored.catch(() => {}); // handled on the commit chain
        this.#enqueueCommit(next.value, stored);
        while (
          this.#inFlight >= maxBatchesInFlight && this.#failure === undefined
        ) {
          await new Promise<void>((resolve) => this.#slotFreed = resolve);
        }
      }
    } catch (error) {
      this.#fail(error);
    }
    return false;
  }

  /** Sends a batch's records to their queues (and unroutable ones away). */
  async #store(batch: DispatchBatch): Promise<Stored> {
    const stored: Stored = {
      mark: this.#sender.persistenceMark?.(),
      records: 0,
      messages: 0,
      perPersonality: new Map(),
      unroutable: 0,
    };
    const sends: Promise<unknown>[] = [];
    const unknown: ListeningRecord[] = [];
    for (const [personality, records] of groupByPersonality(batch.records)) {
      if (KNOWN.has(personality)) {
        sends.push(this.#send(personality, records, stored));
      } else unknown.push(...records);
    }
    if (unknown.length > 0) sends.push(this.#setAside(unknown, stored));
    try {
      await settleAll(sends);
    } catch (error) {
      // Stop every other send at once; the first real failure is the cause.
      if (!(error instanceof DOMException && error.name === "AbortError")) {
        this.#storeError ??= error;
      }
      this.#abort.abort();
      throw error;
    }
    this.#events.emit("dispatch.batch_stored", {
      records: stored.records,
      messages: stored.messages,
    });
    return stored;
  }

  /** Packs one personality's records and sends them to its queue. */
  async #send(
    personality: string,
    records: ListeningRecord[],
    stored: Stored,
  ): Promise<void> {
    const messages = packRecords(personality, records, this.#packOptions);
    await this.#sender.send(personality, messages, {
      signal: this.#abort.signal,
    });
    stored.records += records.length;
    stored.messages += messages.length;
    stored.perPersonality.set(personality, {
      records: records.length,
      messages: messages.length,
    });
  }

  /** Hands records of unknown personalities to `unroutable`, else fails. */
  #setAside(unknown: ListeningRecord[], stored: Stored): Promise<void> {
    const { unroutable } = this.#options;
    if (!unroutable) {
      throw new RangeError(
        `record ${recordId(unknown[0])} has unknown personality ${
          JSON.stringify(unknown[0].personality)
        }`,
      );
    }
    return unroutable(unknown).then(() => {
      stored.unroutable += unknown.length;
    });
  }

  /** Stops the dispatch; the first failure is the one reported. */
  #fail(error: unknown): void {
    if (this.#failure !== undefined) return;
    this.#failure = this.#storeError ?? error;
    this.#abort.abort();
    this.#failed();
  }

  /**
   * Commits run in source order on one chain, as soon as each batch (and
   * every batch before it) is stored — independent of pulling, so a source
   * that waits for a commit before yielding the next batch cannot deadlock.
   */
  #enqueueCommit(batch: DispatchBatch, stored: Promise<Stored>): void {
    this.#inFlight++;
    this.#chain = this.#chain.then(async () => {
      try {
        await this.#commit(batch, stored);
      } finally {
        this.#inFlight--;
        this.#slotFreed?.();
      }
    });
  }

  /** Commits a stored, durable batch and tallies it; or fails the run. */
  async #commit(batch: DispatchBatch, stored: Promise<Stored>): Promise<void> {
    if (this.#failure !== undefined) {
      await stored.catch(() => {});
      return;
    }
    let result: Stored;
    try {
      result = await this.#durable(batch, await stored);
      await batch.commit();
    } catch (error) {
      this.#fail(error);
      return;
    }
    this.#tally(result);
  }

  /**
   * A batch is committed only once the sink says its messages are
   * durable; when the service restarted and may have lost them, they are
   * sent again (at least once: a drain removes the duplicates).
   */
  async #durable(batch: DispatchBatch, stored: Stored): Promise<Stored> {
    const sender = this.#sender;
    while (sender.persisted) {
      try {
        await sender.persisted(stored.mark);
        return stored;
      } catch (error) {
        if (
          !(error instanceof AzuriteRestartedError) ||
          this.#failure !== undefined
        ) {
          throw error;
        }
        this.#events.emit("dispatch.resent", {
          records: stored.records,
          reason: error.message,
        });
        stored = await this.#store(batch);
      }
    }
    return stored;
  }

  /** Adds a committed batch to the totals and reports progress. */
  #tally(stored: Stored): void {
    const totals = this.#totals;
    totals.records += stored.records;
    totals.messages += stored.messages;
    totals.unroutable += stored.unroutable;
    totals.batches++;
    for (const [personality, figures] of stored.perPersonality) {
      const sum = this.#perPersonality.get(personality) ??
        { records: 0, messages: 0 };
      sum.records += figures.records;
      sum.messages += figures.messages;
      this.#perPersonality.set(personality, sum);
    }
    this.#events.emit("dispatch.committed", {
      records: stored.records + stored.unroutable,
      committedRecords: totals.records + totals.unroutable,
    });
    this.#options.onProgress?.({
      committedRecords: totals.records + totals.unroutable,
      messages: totals.messages,
      elapsedMs: performance.now() - this.#startedAt,
    });
  }

  /** The error a failed dispatch throws. */
  #stopError(): unknown {
    const failure = this.#failure;
    if (failure instanceof TypeError || failure instanceof RangeError) {
      return failure;
    }
    const reason = failure instanceof Error ? failure.message : `${failure}`;
    const committed = this.#totals.records;
    return new DispatchError(
      `dispatch stopped: ${reason} (${committed} records committed; nothing after them)`,
      { committedRecords: committed, cause: failure },
    );
  }

  /** The figures of a completed dispatch. */
  #summary(): DispatchSummary {
    const totals = this.#totals;
    const elapsedMs = performance.now() - this.#startedAt;
    const seconds = Math.max(elapsedMs / 1000, 1e-9);
    const queues = PERSONALITY_NAMES
      .filter((p) => this.#perPersonality.has(p))
      .map((p) => {
        const { records, messages } = this.#perPersonality.get(p)!;
        return {
          personality: p,
          queue: this.#sender.queueFor(p),
          records,
          messages,
          recordsPerSecond: records / seconds,
        };
      });
    return {
      ...totals,
      elapsedMs,
      recordsPerSecond: totals.records / seconds,
      queues,
    };
  }
}
