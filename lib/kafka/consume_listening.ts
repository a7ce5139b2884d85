/**
 * Consuming listening events with a consumer group: decode each message,
 * dead-letter the undecodable ones, hand each partition's batch to a
 * handler, and commit only after the handler finished — stopping at the
 * end offsets seen at start (`once`), after `maxRecords`, or on a signal.
 *
 * @module
 */
import type { ListeningRecord } from "../schema/mod.ts";
import type { KafkaClient } from "./create_kafka.ts";
import { createDeadLetterWriter } from "./dead_letter_writer.ts";
import { DEFAULT_TOPIC } from "./ensure_topic.ts";
import { MessageDecodeError } from "./errors.ts";
import { type KafkaReader, openKafkaReader } from "./kafka_reader.ts";
import type { ReaderMessage } from "./_partition_fetcher.ts";
import { decodeListeningMessage } from "./listening_message_codec.ts";
import { watchGroupProgress } from "./_group_progress.ts";
import {
  captureEndOffsets,
  type EndOffsetTarget,
} from "./topic_end_offsets.ts";

/** One partition's decoded messages, as handed to `onBatch`. */
export interface ListeningBatch {
  /** The topic. */
  topic: string;
  /** The partition. */
  partition: number;
  /** Decoded records in offset order (undecodable messages left out). */
  records: ListeningRecord[];
  /** Each record's offset (parallel to `records`). */
  offsets: number[];
  /** The offset after the last message handled: what will be committed. */
  nextOffset: number;
  /** The partition's high watermark when fetched. */
  highWatermark: number;
}

/** A message that could not be decoded. */
export interface UndecodableMessage {
  /** The topic. */
  topic: string;
  /** The partition. */
  partition: number;
  /** Its offset. */
  offset: string;
  /** Why. */
  error: MessageDecodeError;
  /** The dead-letter topic it was written to, if dead-lettering is on. */
  deadLetterTopic?: string;
}

/** Options of {@linkcode consumeListening}. */
export interface ConsumeListeningOptions {
  /** The consumer group (offsets are committed for it). */
  groupId: string;
  /** Handles one partition's batch; offsets are committed after it resolves. */
  onBatch: (batch: ListeningBatch) => void | Promise<void>;
  /** The topic. Default {@linkcode DEFAULT_TOPIC}. */
  topic?: string;
  /** Start a group without committed offsets at the log start. Default `false` (only new messages). */
  fromBeginning?: boolean;
  /**
   * Stop when every partition reached the end offset it had at start —
   * read by this consumer or, when members share the group, committed by
   * another. Default `false` (run until stopped).
   */
  once?: boolean;
  /** Stop after this many records were handled. Default: no limit. */
  maxRecords?: number;
  /** Stops consumption (after the batch in hand) when aborted. */
  signal?: AbortSignal;
  /** Write undecodable messages to `<topic>.dlq`. Default `true`. */
  deadLetter?: boolean;
  /** Told about each undecodable message (after it was dead-lettered). */
  onUndecodable?: (message: UndecodableMessage) => void;
  /**
   * Static membership: a stable id for this process (e.g. `dispatch-1`);
   * restarted with the same id it takes its partitions back at once.
   */
  instanceId?: string;
  /** Session timeout in ms. Default 10,000. */
  sessionTimeoutMs?: number;
  /** Most messages taken per poll. Default 20,000. */
  maxPollRecords?: number;
}

/** What {@linkcode consumeListening} did. */
export interface ConsumeSummary {
  /** Records handed to `onBatch`. */
  records: number;
  /** Messages that did not decode. */
  undecodable: number;
  /** Batches handed to `onBatch`. */
  batches: number;
  /** Why it stopped. */
  stoppedBy: "end" | "max" | "signal";
  /** Partition → next offset committed by this run. */
  committed: Map<number, number>;
  /** Messages between start and the captured end offsets (`once` only). */
  expected?: number;
}

/**
 * Consumes listening events until stopped (see options). Nothing is
 * committed before `onBatch` finished with it, so a crash re-delivers.
 *
 * @param client The cluster.
 * @param options Group, handler, topic and stop conditions.
 * @returns Counts, the reason it stopped and the committed offsets.
 * @throws {BrokerUnreachableError} When no broker answers.
 * @throws What `onBatch` throws (consumption stops; that batch is not committed).
 *
 * @example Read everything there is now, once
 * ```ts
 * const summary = await consumeListening(createKafka(), {
 *   groupId: "notebook", fromBeginning: true, once: true,
 *   onBatch: ({ records }) => { all.push(...records); },
 * });
 * ```
 */
export async function consumeListening(
  client: KafkaClient,
  options: ConsumeListeningOptions,
): Promise<ConsumeSummary> {
  const { groupId, topic = DEFAULT_TOPIC, maxRecords = Infinity } = options;
  if (!(maxRecords >= 1)) {
    throw new RangeError(`maxRecords must be at least 1: got ${maxRecords}`);
  }
  const summary: ConsumeSummary = {
    records: 0,
    undecodable: 0,
    batches: 0,
    stoppedBy: "end",
    committed: new Map(),
  };
  let target: EndOffsetTarget | undefined;
  if (options.once) {
    target = await client.withAdmin((admin) =>
      captureEndOffsets(admin, topic, {
        groupId,
        fromBeginning: Boolean(options.fromBeginning),
      })
    );
    summary.expected = target.expectedMessages;
    if (target.complete) return summary;
  }
  if (options.signal?.aborted) return { ...summary, stoppedBy: "signal" };
  const reader = await openKafkaReader(client, {
    topic,
    group: {
      groupId,
      instanceId: options.instanceId,
      startAt: options.fromBeginning ? "earliest" : "latest",
      sessionTimeoutMs: options.sessionTimeoutMs,
    },
  });
  let sharedDone = false;
  // Members sharing the group each read some partitions; the others'
  // progress shows in the offsets the group commits.
  const groupWatch = target && watchGroupProgress(client, {
    groupId,
    topic,
    target,
    onComplete: () => sharedDone = true,
  });
  const handler = new BatchHandler(client, reader, options, summary, target);
  try {
    summary.stoppedBy = await handler.run(() => sharedDone);
    return summary;
  } finally {
    await groupWatch?.stop();
    await reader.close();
    await handler.close();
  }
}

type Stop = ConsumeSummary["stoppedBy"];

/** The poll → decode → dead-letter → handle → commit loop. */
class BatchHandler {
  #client: KafkaClient;
  #reader: KafkaReader;
  #options: ConsumeListeningOptions;
  #summary: ConsumeSummary;
  #target: EndOffsetTarget | undefined;
  #dlq;

  constructor(
    client: KafkaClient,
    reader: KafkaReader,
    options: ConsumeListeningOptions,
    summary: ConsumeSummary,
    target: EndOffsetTarget | undefined,
  ) {
    this.#client = client;
    this.#reader = reader;
    this.#options = options;
    this.#summary = summary;
    this.#target = target;
    this.#dlq = options.deadLetter === false
      ? undefined
      : createDeadLetterWriter(client);
  }

  async run(sharedDone: () => boolean): Promise<Stop> {
    const maxRecords = this.#options.maxRecords ?? Infinity;
    const maxPoll = this.#options.maxPollRecords ?? 20_000;
    while (true) {
      if (this.#options.signal?.aborted) return "signal";
      if (this.#target?.complete || sharedDone()) return "end";
      if (this.#summary.records >= maxRecords) return "max";
      const messages = await this.#reader.poll(maxPoll, 200);
      for (const chunk of byPartition(messages)) {
        // A signal does not wait for the batch in hand: it is not
        // committed, so it comes again (at least once).
        if (await this.#untilAborted(this.#handle(chunk, maxRecords))) {
          return "signal";
        }
        if (this.#summary.records >= maxRecords) break;
      }
      if (this.#target?.complete && messages.length === 0) return "end";
    }
  }

  async close(): Promise<void> {
    await this.#dlq?.close().catch(() => {});
  }

  /** Waits for `work`; `true` when the signal came first. */
  async #untilAborted(work: Promise<void>): Promise<boolean> {
    const signal = this.#options.signal;
    if (!signal) {
      await work;
      return false;
    }
    let onAbort!: () => void;
    const aborted = new Promise<true>((resolve) => {
      onAbort = () => resolve(true);
      if (signal.aborted) onAbort();
      else signal.addEventListener("abort", onAbort, { once: true });
    });
    work.catch(() => {}); // its failure after an abort is not ours to report
    try {
      return await Promise.race([work.then(() => false), aborted]);
    } finally {
      signal.removeEventListener("abort", onAbort);
    }
  }

  /** One partition's messages: decode, dead-letter, hand over, commit. */
  async #handle(messages: ReaderMessage[], maxRecords: number): Promise<void> {
    const partition = messages[0].partition;
    const topic = this.#reader.topic;
    const records: ListeningRecord[] = [];
    const offsets: number[] = [];
    let next: number | undefined;
    for (const message of messages) {
      if (this.#target?.isBeyondEnd(partition, message.offset)) break;
      if (this.#summary.records + records.length >= maxRecords) break;
      const record = await this.#decode(message);
      if (record) {
        records.push(record);
        offsets.push(message.offset);
      }
      next = message.offset + 1;
    }
    if (next === undefined) return;
    if (records.length > 0) {
      await this.#options.onBatch({
        topic,
        partition,
        records,
        offsets,
        nextOffset: next,
        highWatermark: this.#reader.highWatermarks().get(partition) ?? next,
      });
      this.#summary.records += records.length;
      this.#summary.batches++;
    }
    const committed = await this.#reader.commit(new Map([[partition, next]]));
    // a partition taken away meanwhile is someone else's to finish
    if (committed.length === 0) return;
    this.#summary.committed.set(partition, next);
    this.#target?.advance(partition, next);
  }

  async #decode(message: ReaderMessage): Promise<ListeningRecord | undefined> {
    try {
      return decodeListeningMessage(message);
    } catch (error) {
      if (!(error instanceof MessageDecodeError)) throw error;
      this.#summary.undecodable++;
      const info: UndecodableMessage = {
        topic: this.#reader.topic,
        partition: message.partition,
        offset: String(message.offset),
        error,
      };
      if (this.#dlq) {
        info.deadLetterTopic = await this.#dlq.write({
          topic: this.#reader.topic,
          partition: message.partition,
          offset: message.offset,
          key: message.key,
          value: message.value,
          headers: message.headers,
        }, error.reason);
      }
      this.#options.onUndecodable?.(info);
      return undefined;
    }
  }
}

function byPartition(messages: ReaderMessage[]): ReaderMessage[][] {
  const groups = new Map<number, ReaderMessage[]>();
  for (const m of messages) {
    let list = groups.get(m.partition);
    if (!list) groups.set(m.partition, list = []);
    list.push(m);
  }
  return [...groups.values()];
}
