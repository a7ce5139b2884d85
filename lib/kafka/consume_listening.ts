/**
 * Consuming listening events with a consumer group: decode each message,
 * dead-letter the undecodable ones, hand each partition's batch to a
 * handler, and commit only after the handler finished — stopping at the
 * end offsets seen at start (`once`), after `maxRecords`, or on a signal.
 *
 * @module
 */
import type { Consumer, ConsumerConfig, KafkaMessage } from "kafkajs";
import type { ListeningRecord } from "../schema/mod.ts";
import type { KafkaClient } from "./create_kafka.ts";
import { createDeadLetterWriter } from "./dead_letter_writer.ts";
import { DEFAULT_TOPIC } from "./ensure_topic.ts";
import { MessageDecodeError } from "./errors.ts";
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
  /** Extra kafkajs consumer settings (e.g. `maxBytesPerPartition`). */
  consumerConfig?: Omit<ConsumerConfig, "groupId">;
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

type Stop = ConsumeSummary["stoppedBy"];

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
  const {
    groupId,
    topic = DEFAULT_TOPIC,
    fromBeginning = false,
    once = false,
    maxRecords = Infinity,
    signal,
    deadLetter = true,
  } = options;
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
  if (once) {
    target = await client.withAdmin((admin) =>
      captureEndOffsets(admin, topic, { groupId, fromBeginning })
    );
    summary.expected = target.expectedMessages;
    if (target.complete) return summary;
  }
  if (signal?.aborted) return { ...summary, stoppedBy: "signal" };

  const consumer: Consumer = await client.connectConsumer({
    maxWaitTimeInMs: 500,
    ...options.consumerConfig,
    groupId,
  });
  const dlq = deadLetter ? createDeadLetterWriter(client) : undefined;
  let stopped = false;
  let settle!: (result: { stop?: Stop; error?: unknown }) => void;
  const finished = new Promise<{ stop?: Stop; error?: unknown }>((resolve) => {
    settle = resolve;
  });
  const stop = (reason: Stop) => {
    if (stopped) return;
    stopped = true;
    settle({ stop: reason });
  };
  const fail = (error: unknown) => {
    if (stopped) return;
    stopped = true;
    settle({ error });
  };
  const onAbort = () => stop("signal");
  signal?.addEventListener("abort", onAbort, { once: true });
  consumer.on(consumer.events.CRASH, (event) => {
    if (!event.payload.restart) {
      fail(client.describeFailure(event.payload.error));
    }
  });
  // Members sharing the group each read some partitions; the others'
  // progress shows in the offsets the group commits.
  const groupWatch = target && watchGroupProgress(client, {
    groupId,
    topic,
    target,
    onComplete: () => stop("end"),
  });

  try {
    await consumer.subscribe({ topics: [topic], fromBeginning });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async (
        { batch, resolveOffset, heartbeat, isRunning, isStale, pause },
      ) => {
        if (stopped || !isRunning() || isStale()) return;
        const records: ListeningRecord[] = [];
        const offsets: number[] = [];
        let last: KafkaMessage | undefined;
        let reachedEnd = false;
        for (const message of batch.messages) {
          const offset = Number(message.offset);
          if (target?.isBeyondEnd(batch.partition, offset)) {
            target.advance(batch.partition, offset);
            reachedEnd = true;
            break;
          }
          if (summary.records + records.length >= maxRecords) break;
          try {
            records.push(decodeListeningMessage(message));
            offsets.push(offset);
          } catch (error) {
            if (!(error instanceof MessageDecodeError)) throw error;
            summary.undecodable++;
            const info: UndecodableMessage = {
              topic,
              partition: batch.partition,
              offset: message.offset,
              error,
            };
            if (dlq) {
              info.deadLetterTopic = await dlq.write({
                topic,
                partition: batch.partition,
                offset: message.offset,
                key: message.key,
                value: message.value,
                headers: message.headers,
              }, error.reason);
            }
            options.onUndecodable?.(info);
          }
          last = message;
        }
        if (last) {
          const nextOffset = Number(last.offset) + 1;
          if (records.length > 0) {
            try {
              await options.onBatch({
                topic,
                partition: batch.partition,
                records,
                offsets,
                nextOffset,
                highWatermark: Number(batch.highWatermark),
              });
            } catch (error) {
              fail(error);
              return;
            }
            summary.records += records.length;
            summary.batches++;
          }
          resolveOffset(last.offset);
          await consumer.commitOffsets([{
            topic,
            partition: batch.partition,
            offset: String(nextOffset),
          }]);
          summary.committed.set(batch.partition, nextOffset);
          if (target?.advance(batch.partition, nextOffset)) reachedEnd = true;
          await heartbeat();
        }
        if (reachedEnd) pause();
        if (summary.records >= maxRecords) stop("max");
        else if (target?.complete) stop("end");
      },
    });
    const result = await finished;
    if (result.error !== undefined) throw result.error;
    summary.stoppedBy = result.stop ?? "end";
    return summary;
  } catch (error) {
    throw client.describeFailure(error);
  } finally {
    signal?.removeEventListener("abort", onAbort);
    await groupWatch?.stop();
    await consumer.disconnect().catch(() => {});
    await dlq?.close().catch(() => {});
  }
}
